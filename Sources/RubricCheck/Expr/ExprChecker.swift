import RubricSyntax

/// Infers the type of every node of an expression and reports, with the
/// exact span, every name that does not resolve, every operator applied
/// to the wrong types, and every enum literal outside its field's values.
public struct ExprChecker {
    let env: CheckEnvironment
    let source: ExprSource
    var diagnostics: [Diagnostic] = []
    var presenceTested: Set<String> = []
    var reads: Set<String> = []
    var references: [Int: Reference] = [:]

    /// Checks `source` (already parsed) in `env`. Returns nil and
    /// diagnostics when it does not parse or check.
    public static func check(_ source: ExprSource, in env: CheckEnvironment) -> (CheckedExpr?, [Diagnostic]) {
        switch source.parsed {
        case .failure:
            return (nil, source.syntaxDiagnostic.map { [$0] } ?? [])
        case .success(let parsed):
            var c = ExprChecker(env: env, source: source)
            let t = c.check(parsed.root, [:])
            if c.diagnostics.contains(where: { $0.severity == .error }) { return (nil, c.diagnostics) }
            return (CheckedExpr(source: source, parsed: parsed, type: t, references: c.references,
                                presenceTested: c.presenceTested, reads: c.reads), c.diagnostics)
        }
    }

    /// What each name of a parsed expression refers to, whether or not it
    /// type-checks: for evaluating without the check (the CEL conformance
    /// cases that disable it). A name that does not resolve has no entry.
    public static func references(_ parsed: ParsedExpr, in env: CheckEnvironment) -> [Int: Reference] {
        var c = ExprChecker(env: env, source: ExprSource(text: ""))
        _ = c.check(parsed.root, [:])
        return c.references
    }

    init(env: CheckEnvironment, source: ExprSource) {
        self.env = env
        self.source = source
    }

    mutating func error(_ code: DiagnosticCode, _ message: Message, _ e: Expr, help: Message? = nil) {
        diagnostics.append(.error(code, message, at: source.span(of: e.range), help: help))
    }

    func text(_ e: Expr) -> String {
        let s = Array(source.text.unicodeScalars)
        guard e.range.upperBound <= s.count else { return "" }
        return String(String.UnicodeScalarView(s[e.range]))
    }

    mutating func check(_ e: Expr, _ scope: [String: CELType]) -> CELType {
        switch e.kind {
        case .literal(let l):
            switch l {
            case .int: return .int
            case .uint: return .uint
            case .double: return .double
            case .string: return .string
            case .bytes: return .bytes
            case .bool: return .bool
            case .null: return .null
            }
        case .ident(let name):
            return resolveIdent(name, e, scope)
        case .select(let operand, let field, let testOnly):
            return checkSelect(operand, field, testOnly, e, scope)
        case .list(let items):
            let types = items.map { check($0, scope) }
            return .list(types.dropFirst().reduce(types.first ?? .dyn) { CELType.join($0, $1) })
        case .map(let entries):
            var k: CELType?
            var v: CELType?
            for entry in entries {
                let kt = check(entry.key, scope)
                let vt = check(entry.value, scope)
                if ![.int, .uint, .bool, .string, .dyn].contains(kt) {
                    error(.typeMismatch, Message("type-mismatch.map-key-must-int", ["kt": "\(kt)"]), entry.key)
                }
                k = k.map { CELType.join($0, kt) } ?? kt
                v = v.map { CELType.join($0, vt) } ?? vt
            }
            return .map(k ?? .dyn, v ?? .dyn)
        case .comprehension(let macro, let variable, let range, let filter, let body):
            return checkComprehension(macro, variable, range, filter, body, scope)
        case .message(let type, _):
            error(.notSupported, Message("not-supported.message-literals-are-not", ["type": "\(type)"]), e,
                  help: Message("not-supported.message-literals-are-not.help"))
            return .dyn
        case .call(let fn, let target, let args):
            return checkCall(fn, target, args, e, scope)
        }
    }

    mutating func resolveIdent(_ name: String, _ e: Expr, _ scope: [String: CELType]) -> CELType {
        if let t = scope[name] { references[e.id] = .local(name); return t }
        if let t = env.variables[name] { references[e.id] = .variable(name); reads.insert(name); return t }
        if env.hasEvent && name == "event" { return .event }
        if CheckEnvironment.typeNames.contains(name) { references[e.id] = .typeName(name); return .type }
        let candidates = Array(env.variables.keys) + (env.hasEvent ? ["event"] : []) + Array(scope.keys)
        if let why = env.unavailable[name] {
            error(.unknownField, Message("unknown-field.cannot-read-here", ["name": "\(name)"]), e, help: why)
            return .dyn
        }
        // `level == national`: a value of an enum field, written as if it were a name.
        if let field = env.enumValues.keys.sorted().first(where: { env.enumValues[$0]!.contains(name) }) {
            error(.unknownField, Message("unknown-field.unknown", ["nameNoun": env.nameNoun, "name": "\(name)"]), e,
                  help: Message("unknown-field.unknown.help", ["name": "\(name)", "field": "\(field)"]))
            return .dyn
        }
        error(.unknownField, Message("unknown-field.unknown", ["nameNoun": env.nameNoun, "name": "\(name)"]), e,
              help: Suggestion.help(for: name, in: candidates))
        return .dyn
    }

    mutating func checkSelect(_ operand: Expr, _ field: String, _ testOnly: Bool, _ e: Expr, _ scope: [String: CELType]) -> CELType {
        // A dotted name declared as one variable (`a.b.c`), unless a comprehension variable shadows its root.
        if !testOnly, let q = e.dottedName, let t = env.variables[q],
           let root = q.split(separator: ".").first, scope[String(root)] == nil {
            references[e.id] = .variable(q)
            reads.insert(q)
            return t
        }
        let t = check(operand, scope)
        var result: CELType = .dyn
        switch t {
        case .event:
            if let ft = env.variables[field] {
                result = ft
                if testOnly { presenceTested.insert(field) } else { reads.insert(field) }
                references[e.id] = testOnly ? .eventFieldPresence(field) : .eventField(field)
            } else {
                error(.unknownField, Message("unknown-field.events-have-no-field", ["field": "\(field)"]), e,
                      help: Suggestion.help(for: field, in: env.variables.keys))
            }
        case .map(let k, let v):
            if k != .string && k != .dyn { error(.typeMismatch, Message("type-mismatch.selects-string-key-but", ["field": "\(field)", "k": "\(k)"]), e) }
            result = v
        case .dyn: result = .dyn
        default:
            error(.typeMismatch, Message("type-mismatch.cannot-select-from-value", ["field": "\(field)", "t": "\(t)"]), e)
        }
        return testOnly ? .bool : result
    }

    mutating func checkComprehension(_ macro: MacroKind, _ v: String, _ range: Expr, _ filter: Expr?, _ body: Expr, _ scope: [String: CELType]) -> CELType {
        let rt = check(range, scope)
        let elem: CELType
        switch rt {
        case .list(let t): elem = t
        case .map(let k, _): elem = k
        case .dyn: elem = .dyn
        default:
            error(.typeMismatch, Message("type-mismatch.needs-list-map-not", ["macro": "\(macro.rawValue)", "rt": "\(rt)"]), range)
            elem = .dyn
        }
        var inner = scope
        inner[v] = elem
        if let filter { expectBool(filter, check(filter, inner), .phrase("what.filter-of-map")) }
        let bt = check(body, inner)
        switch macro {
        case .all, .exists, .existsOne:
            expectBool(body, bt, .phrase("what.predicate-of", ["macro": "\(macro.rawValue)"]))
            return .bool
        case .map: return .list(bt)
        case .filter:
            expectBool(body, bt, .phrase("what.predicate-of", ["macro": "filter"]))
            return .list(elem)
        }
    }

    mutating func expectBool(_ e: Expr, _ t: CELType, _ what: Message.Argument) {
        if t != .bool && t != .dyn {
            error(.typeMismatch, Message("type-mismatch.must-bool-but", ["what": what, "text": "\(text(e))", "t": "\(t)"]), e)
        }
    }

    /// `math.ceil(x)` parses as a member call on `math`; it is a function.
    func qualifiedFunction(_ fn: String, _ target: Expr?, _ scope: [String: CELType]) -> String? {
        guard let target, case .ident(let ns) = target.kind, scope[ns] == nil, env.variables[ns] == nil else { return nil }
        let name = ns + "." + fn
        return Functions.known(name, member: false) ? name : (ns == "math" ? name : nil)
    }
}
