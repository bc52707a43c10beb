import Foundation
import RubricCheck
import RubricSyntax

/// Compiles a parsed expression into closures. Names are not resolved
/// here: each name node follows the checker's reference (`Reference`), and
/// only its value's place (an activation slot, a comprehension depth) or
/// its implementation is found, once; evaluation never looks a name up in
/// a dictionary of strings.
public struct ExprCompiler {
    let env: CompileEnvironment
    let references: [Int: Reference]
    /// Comprehension variables in scope -> their depth.
    var locals: [String: Int] = [:]
    /// How many comprehensions enclose the code being compiled.
    var nesting = 0

    init(env: CompileEnvironment, references: [Int: Reference]) {
        self.env = env
        self.references = references
    }

    /// Compiles a checked expression. Compilation itself cannot fail: what
    /// cannot be evaluated becomes a program that returns an error.
    public static func compile(_ checked: CheckedExpr, env: CompileEnvironment) -> Program {
        compile(checked.parsed.root, references: checked.references, env: env)
    }

    /// Compiles a parsed expression with its names' references (checked or
    /// not: `ExprChecker.references`).
    public static func compile(_ e: Expr, references: [Int: Reference], env: CompileEnvironment) -> Program {
        var c = ExprCompiler(env: env, references: references)
        return c.compile(e)
    }

    static func fail(_ message: Message) -> Program {
        let err = EvalError(message)
        return { _ throws(EvalError) in throw err }
    }

    mutating func compile(_ e: Expr) -> Program {
        switch e.kind {
        case .literal(let l):
            let v = Value(l)
            return { _ in v }
        case .ident(let name):
            return compileIdent(e, name)
        case .select(let operand, let field, let testOnly):
            return compileSelect(e, operand, field, testOnly)
        case .list(let items):
            let ps = items.map { compile($0) }
            return { a throws(EvalError) in
                var out: [Value] = []
                out.reserveCapacity(ps.count)
                for p in ps { out.append(try p(a)) }
                return .list(out)
            }
        case .map(let entries):
            let ps = entries.map { (compile($0.key), compile($0.value)) }
            return { a throws(EvalError) in
                var m = MapValue()
                for (kp, vp) in ps {
                    let k = try kp(a)
                    switch k {
                    case .int, .uint, .string, .bool: break
                    default: throw EvalError(Message("eval.unsupported-key-type-map", ["typeName": "\(k.typeName)"]))
                    }
                    if !m.insert(k, try vp(a)) { throw EvalError(Message("eval.failed-with-repeated-key", ["k": "\(k)"])) }
                }
                return .map(m)
            }
        case .comprehension(let macro, let variable, let range, let filter, let body):
            return compileComprehension(macro, variable, range, filter, body)
        case .message(let type, _):
            return Self.fail(Message("eval.message-literals-are-not", ["type": "\(type)"]))
        case .call(let fn, let target, let args):
            return compileCall(e, fn, target, args)
        }
    }

    func compileIdent(_ e: Expr, _ name: String) -> Program {
        switch references[e.id] {
        case .local(let v)?:
            guard let depth = locals[v] else { break }
            return { a in a.locals[depth] }
        case .variable(let v)?:
            return read(v, Message("eval.no-field-on-event", ["name": "\(v)"]))
        case .typeName(let t)?:
            return { _ in .type(t) }
        default:
            break
        }
        return Self.fail(Message("eval.undeclared-reference", ["name": "\(name)"]))
    }

    /// The value of a variable or field: its slot, or an error when the event has none.
    func read(_ name: String, _ absent: Message) -> Program {
        guard let slot = env.slots[name] else { return Self.fail(Message("eval.undeclared-reference", ["name": "\(name)"])) }
        return { a throws(EvalError) in
            guard let v = a.slots[slot] else { throw EvalError(absent) }
            return v
        }
    }

    mutating func compileSelect(_ e: Expr, _ operand: Expr, _ field: String, _ testOnly: Bool) -> Program {
        switch references[e.id] {
        case .variable(let q)?:
            return read(q, Message("eval.no-field", ["name": "\(q)"]))
        case .eventField(let f)?:
            return read(f, Message("eval.no-field-on-event", ["name": "\(f)"]))
        case .eventFieldPresence(let f)?:
            guard let slot = env.slots[f] else { return Self.fail(Message("eval.events-have-no-field", ["f": "\(f)"])) }
            return { a in .bool(a.slots[slot] != nil) }
        default:
            break
        }
        let p = compile(operand)
        let key = Value.string(field)
        return { a throws(EvalError) in
            let v = try p(a)
            guard case .map(let m) = v else {
                throw EvalError(Message("eval.cannot-select-field-from", ["field": "\(field)", "typeName": "\(v.typeName)"]))
            }
            if testOnly { return .bool(m.lookup(key) != nil) }
            guard let r = m.lookup(key) else { throw EvalError(Message("eval.no-such-key-2", ["field": "\(field)"])) }
            return r
        }
    }

    /// One iteration of a comprehension, out of `Activation.comprehensionBudget`.
    static func spend(_ a: Activation) throws(EvalError) {
        a.budget -= 1
        if a.budget < 0 {
            throw EvalError(Message("eval.expression-s-comprehensions-take", ["comprehensionBudget": "\(Activation.comprehensionBudget)"]))
        }
    }

    mutating func compileComprehension(_ macro: MacroKind, _ v: String, _ range: Expr, _ filter: Expr?, _ body: Expr) -> Program {
        let rp = compile(range)
        let saved = locals
        let depth = nesting
        locals[v] = depth
        nesting += 1
        let fp = filter.map { compile($0) }
        let bp = compile(body)
        nesting -= 1
        locals = saved
        return { a throws(EvalError) in
            let r = try rp(a)
            let items: [Value]
            switch r {
            case .list(let l): items = l
            case .map(let m): items = m.entries.map(\.key)
            default: throw EvalError(Message("eval.needs-list-map-not", ["macro": "\(macro.rawValue)", "typeName": "\(r.typeName)"]))
            }
            if a.locals.count <= depth { a.locals.append(contentsOf: repeatElement(.null, count: depth + 1 - a.locals.count)) }
            if depth == 0 { a.budget = Activation.comprehensionBudget }
            switch macro {
            case .all, .exists:
                var firstError: EvalError?
                for x in items {
                    try Self.spend(a)
                    a.locals[depth] = x
                    do throws(EvalError) {
                        guard case .bool(let b) = try bp(a) else { throw EvalError(Message("eval.no-matching-overload-predicate")) }
                        if macro == .all && !b { return .bool(false) }
                        if macro == .exists && b { return .bool(true) }
                    } catch {
                        if firstError == nil { firstError = error }
                    }
                }
                if let firstError { throw firstError }
                return .bool(macro == .all)
            case .existsOne:
                var n = 0
                for x in items {
                    try Self.spend(a)
                    a.locals[depth] = x
                    guard case .bool(let b) = try bp(a) else { throw EvalError(Message("eval.no-matching-overload-predicate")) }
                    if b { n += 1 }
                }
                return .bool(n == 1)
            case .map:
                var out: [Value] = []
                for x in items {
                    try Self.spend(a)
                    a.locals[depth] = x
                    if let fp {
                        guard case .bool(let keep) = try fp(a) else { throw EvalError(Message("eval.no-matching-overload-filter")) }
                        if !keep { continue }
                    }
                    out.append(try bp(a))
                }
                return .list(out)
            case .filter:
                var out: [Value] = []
                for x in items {
                    try Self.spend(a)
                    a.locals[depth] = x
                    guard case .bool(let keep) = try bp(a) else { throw EvalError(Message("eval.no-matching-overload-predicate")) }
                    if keep { out.append(x) }
                }
                return .list(out)
            }
        }
    }
}
