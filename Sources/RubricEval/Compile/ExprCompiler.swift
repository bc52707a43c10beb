import Foundation
import RubricSyntax

/// Compiles a parsed expression into closures. Names are resolved to slots
/// and functions to implementations here, once; evaluation never looks a
/// name up in a dictionary of strings.
public struct ExprCompiler {
    let env: CompileEnvironment
    var locals: [String: Int] = [:]
    /// How many comprehensions enclose the code being compiled.
    var nesting = 0

    public init(env: CompileEnvironment) { self.env = env }

    /// Compiles `e`. Compilation itself cannot fail: what cannot be
    /// evaluated becomes a program that returns an error.
    public static func compile(_ e: Expr, env: CompileEnvironment) -> Program {
        var c = ExprCompiler(env: env)
        return c.compile(e)
    }

    static func fail(_ message: String) -> Program {
        let err = EvalError(message)
        return { _ throws(EvalError) in throw err }
    }

    mutating func compile(_ e: Expr) -> Program {
        switch e.kind {
        case .literal(let l):
            let v = Value(l)
            return { _ in v }
        case .ident(let name):
            return compileIdent(name)
        case .select(let operand, let field, let testOnly):
            return compileSelect(operand, field, testOnly)
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
                    default: throw EvalError("unsupported key type \(k.typeName) in map literal")
                    }
                    if !m.insert(k, try vp(a)) { throw EvalError("Failed with repeated key \(k) in map literal") }
                }
                return .map(m)
            }
        case .comprehension(let macro, let variable, let range, let filter, let body):
            return compileComprehension(macro, variable, range, filter, body)
        case .message(let type, _):
            return Self.fail("message literals (\(type){...}) are not supported")
        case .call(let fn, let target, let args):
            return compileCall(fn, target, args)
        }
    }

    func compileIdent(_ name: String) -> Program {
        if let depth = locals[name] {
            return { a in a.locals[depth] }
        }
        if let slot = env.slots[name] {
            return { a throws(EvalError) in
                guard let v = a.slots[slot] else { throw EvalError("no such field `\(name)` on this event") }
                return v
            }
        }
        if CELTypeNames.all.contains(name) {
            return { _ in .type(name) }
        }
        return Self.fail("undeclared reference to `\(name)`")
    }

    mutating func compileSelect(_ operand: Expr, _ field: String, _ testOnly: Bool) -> Program {
        if !testOnly, let q = operand.dottedName.map({ $0 + "." + field }), let slot = env.slots[q],
           let root = q.split(separator: ".").first, locals[String(root)] == nil {
            return { a throws(EvalError) in
                guard let v = a.slots[slot] else { throw EvalError("no such field `\(q)`") }
                return v
            }
        }
        if env.hasEvent, case .ident("event") = operand.kind, locals["event"] == nil, env.slots["event"] == nil {
            guard let slot = env.slots[field] else { return Self.fail("events have no field `\(field)`") }
            if testOnly { return { a in .bool(a.slots[slot] != nil) } }
            return { a throws(EvalError) in
                guard let v = a.slots[slot] else { throw EvalError("no such field `\(field)` on this event") }
                return v
            }
        }
        let p = compile(operand)
        let key = Value.string(field)
        return { a throws(EvalError) in
            let v = try p(a)
            guard case .map(let m) = v else {
                throw EvalError("cannot select field `\(field)` from \(v.typeName)")
            }
            if testOnly { return .bool(m.lookup(key) != nil) }
            guard let r = m.lookup(key) else { throw EvalError("no such key: \(field)") }
            return r
        }
    }

    /// One iteration of a comprehension, out of `Activation.comprehensionBudget`.
    static func spend(_ a: Activation) throws(EvalError) {
        a.budget -= 1
        if a.budget < 0 {
            throw EvalError("the expression's comprehensions take more than \(Activation.comprehensionBudget) steps on this event")
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
            default: throw EvalError("`\(macro.rawValue)` needs a list or a map, not \(r.typeName)")
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
                        guard case .bool(let b) = try bp(a) else { throw EvalError("no matching overload: predicate is not a bool") }
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
                    guard case .bool(let b) = try bp(a) else { throw EvalError("no matching overload: predicate is not a bool") }
                    if b { n += 1 }
                }
                return .bool(n == 1)
            case .map:
                var out: [Value] = []
                for x in items {
                    try Self.spend(a)
                    a.locals[depth] = x
                    if let fp {
                        guard case .bool(let keep) = try fp(a) else { throw EvalError("no matching overload: filter is not a bool") }
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
                    guard case .bool(let keep) = try bp(a) else { throw EvalError("no matching overload: predicate is not a bool") }
                    if keep { out.append(x) }
                }
                return .list(out)
            }
        }
    }
}

/// Type names usable as values.
enum CELTypeNames {
    static let all: Set<String> = ["int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type"]
}
