import RubricCheck
import RubricSyntax

/// Translates a checked CEL expression into SQL over the typed events
/// relation. The subset is what rule conditions and points use: literals,
/// fields, `has`, arithmetic, comparisons, `&&`/`||`/`!` with CEL's error
/// absorption, `?:`, `in` a literal list, string tests, `size`, the `math`
/// rounding functions and numeric conversions. Anything else is a
/// `NotCompilable` error naming the construct and its position.
struct ExprTranslator {
    let dialect: Dialect
    let schema: Schema
    /// The event types the expression is evaluated for (to know which fields are always present).
    let types: [Int]
    /// Column of each field in the typed relation.
    let column: (Int) -> String

    func translate(_ e: Expr) throws(NotCompilable) -> SQLExpr {
        switch e.kind {
        case .literal(let lit): return try literal(lit, e)
        case .ident(let name): return try field(name, e)
        case .select(let operand, let fieldName, let testOnly):
            guard case .ident("event") = operand.kind, schema.fieldIndex["event"] == nil else {
                throw NotCompilable(message: Message("not-compilable.what.field-selection-on-value"), range: e.range, help: Message("help.only-event-field-has"))
            }
            if testOnly {
                guard let i = schema.fieldIndex[fieldName] else { throw unknown(fieldName, e) }
                return SQLExpr("(\(column(i)) IS NOT NULL)", .bool)
            }
            return try field(fieldName, e)
        case .call(let fn, let target, let args):
            return try call(fn, target, args, e)
        case .list:
            throw NotCompilable(message: Message("not-compilable.what.list-value"), range: e.range, help: Message("help.lists-compile-only-on"))
        case .map:
            throw NotCompilable(message: Message("not-compilable.what.map-value"), range: e.range, help: Message("help.use-points-table-by"))
        case .comprehension(let m, _, _, _, _):
            throw NotCompilable(message: Message("not-compilable.what.macro", ["m": "\(m.rawValue)"]), range: e.range, help: Message("help.comprehensions-over-lists-have"))
        case .message:
            throw NotCompilable(message: Message("not-compilable.what.message-literal"), range: e.range, help: nil)
        }
    }

    func unknown(_ name: String, _ e: Expr) -> NotCompilable {
        NotCompilable(message: Message("not-compilable.what.not-field", ["name": "\(name)"]), range: e.range, help: nil)
    }

    func literal(_ lit: Literal, _ e: Expr) throws(NotCompilable) -> SQLExpr {
        switch lit {
        case .int(let i): return SQLExpr("CAST(\(i) AS BIGINT)", .int)
        case .double(let d):
            guard d.isFinite else { throw NotCompilable(message: Message("not-compilable.what.non-finite-double-literal"), range: e.range, help: nil) }
            return SQLExpr("CAST(\(SQLText.double(d)) AS \(dialect.double))", .double)
        case .string(let s): return SQLExpr(dialect.string(s), .string)
        case .bool(let b): return SQLExpr(b ? "TRUE" : "FALSE", .bool)
        case .uint: throw NotCompilable(message: Message("not-compilable.what.unsigned-integer-literal"), range: e.range, help: Message("help.write-signed-integer-5"))
        case .bytes: throw NotCompilable(message: Message("not-compilable.what.bytes-literal"), range: e.range, help: nil)
        case .null: throw NotCompilable(message: Message("not-compilable.what.null"), range: e.range, help: Message("help.test-presence-with-has"))
        }
    }

    func field(_ name: String, _ e: Expr) throws(NotCompilable) -> SQLExpr {
        guard let i = schema.fieldIndex[name] else {
            throw NotCompilable(message: name == "event" ? Message("not-compilable.what.whole-event") : Message("not-compilable.what.not-field", ["name": "\(name)"]),
                                range: e.range, help: Message("help.read-one-field-event"))
        }
        let f = schema.fields[i]
        let always = !types.isEmpty && types.allSatisfy { schema.alwaysPresent(i, on: $0) }
        let error = always ? nil : "(\(column(i)) IS NULL)"
        switch f.type {
        case .string, .date, .enum: return SQLExpr(column(i), .string, error: error)
        case .integer: return SQLExpr(column(i), .int, error: error)
        case .number: return SQLExpr("CAST(\(column(i)) AS \(dialect.double))", .double, error: error)
        }
    }

    func call(_ fn: String, _ target: Expr?, _ args: [Expr], _ e: Expr) throws(NotCompilable) -> SQLExpr {
        if let target, case .ident(let ns) = target.kind, ns == "math", schema.fieldIndex["math"] == nil {
            return try math("math." + fn, args, e)
        }
        switch fn {
        case Operator.logicalAnd, Operator.logicalOr:
            // A chain `a && b && c` is one n-ary operation: its SQL grows with the chain, not with 2^length.
            var operands: [Expr] = []
            Self.flatten(fn, e, into: &operands)
            let parts = try operands.map { x throws(NotCompilable) in try translate(x) }
            let out = logic(and: fn == Operator.logicalAnd, parts)
            guard out.sql.utf8.count + (out.error?.utf8.count ?? 0) < Self.maxSQLLength else {
                throw NotCompilable(message: Message("not-compilable.what.condition-too-deeply-nested"), range: e.range,
                                    help: Message("help.split-into-separate-rules-2"))
            }
            return out
        case Operator.logicalNot:
            let a = try translate(args[0])
            return SQLExpr("(NOT \(a.sql))", .bool, error: a.error)
        case Operator.conditional:
            let (c, t, f) = (try translate(args[0]), try translate(args[1]), try translate(args[2]))
            guard t.kind == f.kind else { throw mixed(e) }
            let err: String? = (c.error == nil && t.error == nil && f.error == nil) ? nil
                : "(\(c.error ?? "FALSE") OR (\(c.definitelyTrue) AND \(t.error ?? "FALSE")) OR (\(c.definitelyFalse) AND \(f.error ?? "FALSE")))"
            return SQLExpr("(CASE WHEN \(c.sql) THEN \(t.sql) ELSE \(f.sql) END)", t.kind, error: err)
        case Operator.negate:
            let a = try translate(args[0])
            return SQLExpr("(-\(a.sql))", a.kind, error: a.error)
        case Operator.equals, Operator.notEquals, Operator.less, Operator.lessEquals, Operator.greater, Operator.greaterEquals:
            return try compare(fn, try translate(args[0]), try translate(args[1]), e)
        case Operator.add, Operator.subtract, Operator.multiply:
            return try arithmetic(fn, try translate(args[0]), try translate(args[1]), e)
        case Operator.divide, Operator.modulo:
            return try divide(fn == Operator.modulo, try translate(args[0]), try translate(args[1]), e)
        case Operator.in:
            return try membership(args[0], args[1], e)
        case "size":
            let s = try translate(target ?? args[0])
            guard s.kind == .string else { throw NotCompilable(message: Message("not-compilable.what.size", ["kind": "\(s.kind.rawValue)"]), range: e.range, help: Message("help.size-compiles-for-strings")) }
            return SQLExpr("CAST(char_length(\(s.sql)) AS BIGINT)", .int, error: s.error)
        case "contains", "startsWith", "endsWith":
            guard let target, args.count == 1 else { throw unsupported(fn, e) }
            let (s, t) = (try translate(target), try translate(args[0]))
            guard s.kind == .string, t.kind == .string else { throw unsupported(fn, e) }
            let sql: String
            switch fn {
            case "contains": sql = "(position(\(t.sql) IN \(s.sql)) > 0)"
            case "startsWith": sql = "(left(\(s.sql), CAST(char_length(\(t.sql)) AS INTEGER)) = \(t.sql))"
            default: sql = "(right(\(s.sql), CAST(char_length(\(t.sql)) AS INTEGER)) = \(t.sql))"
            }
            return SQLExpr(sql, .bool, error: SQLExpr.anyError([s.error, t.error]))
        case "double":
            let a = try translate(args[0])
            guard a.kind == .int || a.kind == .double else { throw unsupported(fn, e) }
            return SQLExpr("CAST(\(a.sql) AS \(dialect.double))", .double, error: a.error)
        case "int":
            let a = try translate(args[0])
            if a.kind == .int { return a }
            guard a.kind == .double else { throw unsupported(fn, e) }
            // CEL truncates toward zero and fails outside the int64 range.
            let t = truncated(a.sql)
            let range = "(\(a.sql) <= -9.223372036854775808e18 OR \(a.sql) >= 9.223372036854775807e18)"
            return SQLExpr("CAST(CASE WHEN \(range) THEN 0 ELSE \(t) END AS BIGINT)", .int, error: SQLExpr.anyError([a.error, range]))
        case "dyn":
            return try translate(args[0])
        default:
            throw unsupported(fn, e)
        }
    }

    func unsupported(_ fn: String, _ e: Expr) -> NotCompilable {
        let help = Message(fn == "matches" ? "not-compilable.matches.help" : "not-compilable.functions.help")
        return NotCompilable(message: Message("not-compilable.what.function", ["display": "\(Operator.display(fn))"]), range: e.range, help: help)
    }

    func mixed(_ e: Expr) -> NotCompilable {
        NotCompilable(message: Message("not-compilable.what.branches-different-types"), range: e.range, help: Message("help.give-both-branches-same"))
    }

    /// The longest SQL one condition may become.
    static let maxSQLLength = 1 << 20

    /// The operands of a chain of one logical operator, left to right.
    static func flatten(_ fn: String, _ e: Expr, into out: inout [Expr]) {
        if case .call(let f, nil, let args) = e.kind, f == fn, args.count == 2 {
            flatten(fn, args[0], into: &out)
            flatten(fn, args[1], into: &out)
        } else {
            out.append(e)
        }
    }

    /// `&&` / `||` over operands with CEL's commutative error absorption: a
    /// false (true) operand decides even when another one fails.
    func logic(and: Bool, _ xs: [SQLExpr]) -> SQLExpr {
        if xs.allSatisfy({ $0.error == nil }) {
            return SQLExpr("(" + xs.map(\.sql).joined(separator: and ? " AND " : " OR ") + ")", .bool)
        }
        let decides = "(" + xs.map { and ? $0.definitelyFalse : $0.definitelyTrue }.joined(separator: " OR ") + ")"
        let value = and ? "(CASE WHEN \(decides) THEN FALSE ELSE TRUE END)" : "(CASE WHEN \(decides) THEN TRUE ELSE FALSE END)"
        let err = "(NOT \(decides) AND \(SQLExpr.anyError(xs.map(\.error))!))"
        return SQLExpr(value, .bool, error: err)
    }

    func compare(_ fn: String, _ a: SQLExpr, _ b: SQLExpr, _ e: Expr) throws(NotCompilable) -> SQLExpr {
        let numeric: Set<SQLExpr.Kind> = [.int, .double]
        guard a.kind == b.kind || (numeric.contains(a.kind) && numeric.contains(b.kind)) else {
            throw NotCompilable(message: Message("not-compilable.what.comparison-with", ["kind": "\(a.kind.rawValue)", "kind2": "\(b.kind.rawValue)"]), range: e.range, help: nil)
        }
        let op: String
        switch fn {
        case Operator.equals: op = "="
        case Operator.notEquals: op = "<>"
        case Operator.less: op = "<"
        case Operator.lessEquals: op = "<="
        case Operator.greater: op = ">"
        default: op = ">="
        }
        let (x, y) = a.kind == .string ? (dialect.codePoint(a.sql), dialect.codePoint(b.sql)) : (a.sql, b.sql)
        return SQLExpr("(\(x) \(op) \(y))", .bool, error: SQLExpr.anyError([a.error, b.error]))
    }

    func arithmetic(_ fn: String, _ a: SQLExpr, _ b: SQLExpr, _ e: Expr) throws(NotCompilable) -> SQLExpr {
        let err = SQLExpr.anyError([a.error, b.error])
        if fn == Operator.add && a.kind == .string && b.kind == .string {
            return SQLExpr("(\(a.sql) || \(b.sql))", .string, error: err)
        }
        guard a.kind == b.kind, a.kind == .int || a.kind == .double else {
            throw NotCompilable(message: Message("not-compilable.what.on", ["display": "\(Operator.display(fn))", "kind": "\(a.kind.rawValue)", "kind2": "\(b.kind.rawValue)"]), range: e.range, help: nil)
        }
        let op = fn == Operator.add ? "+" : fn == Operator.subtract ? "-" : "*"
        return SQLExpr("(\(a.sql) \(op) \(b.sql))", a.kind, error: err)
    }

    /// Division and remainder: a zero divisor is an error (the event is
    /// rejected), never an engine failure.
    func divide(_ modulo: Bool, _ a: SQLExpr, _ b: SQLExpr, _ e: Expr) throws(NotCompilable) -> SQLExpr {
        guard a.kind == b.kind, a.kind == .int || a.kind == .double else {
            throw NotCompilable(message: Message("not-compilable.what.on-2", ["p": "\(modulo ? "%" : "/")", "kind": "\(a.kind.rawValue)", "kind2": "\(b.kind.rawValue)"]), range: e.range, help: nil)
        }
        if modulo && a.kind == .double {
            throw NotCompilable(message: Message("not-compilable.what.on-doubles"), range: e.range, help: Message("help.cel-has-no-double"))
        }
        let zero = "(\(b.sql) = 0)"
        let body: String
        if modulo { body = "(\(a.sql) % \(b.sql))" } else if a.kind == .int { body = dialect.intDivide(a.sql, b.sql) } else { body = "(\(a.sql) / \(b.sql))" }
        return SQLExpr("(CASE WHEN \(zero) THEN NULL ELSE \(body) END)", a.kind, error: SQLExpr.anyError([a.error, b.error, "COALESCE(\(zero), FALSE)"]))
    }

    func membership(_ element: Expr, _ list: Expr, _ e: Expr) throws(NotCompilable) -> SQLExpr {
        guard case .list(let items) = list.kind else {
            throw NotCompilable(message: Message("not-compilable.what.over-computed-value"), range: e.range, help: Message("help.write-list-literally-rank"))
        }
        let x = try translate(element)
        if items.isEmpty { return SQLExpr("FALSE", .bool, error: x.error) }
        var values: [String] = []
        for item in items {
            let v = try translate(item)
            guard v.error == nil, v.kind == x.kind || (v.kind != .string && v.kind != .bool && x.kind != .string && x.kind != .bool) else {
                throw NotCompilable(message: Message("not-compilable.what.list-mixed-computed-values"), range: item.range, help: Message("help.list-constants-element-s"))
            }
            values.append(x.kind == .string ? dialect.codePoint(v.sql) : v.sql)
        }
        let lhs = x.kind == .string ? dialect.codePoint(x.sql) : x.sql
        return SQLExpr("(\(lhs) IN (\(values.joined(separator: ", "))))", .bool, error: x.error)
    }

    /// Toward zero, for a double.
    func truncated(_ x: String) -> String { "(CASE WHEN \(x) < 0 THEN ceil(\(x)) ELSE floor(\(x)) END)" }

    func math(_ fn: String, _ args: [Expr], _ e: Expr) throws(NotCompilable) -> SQLExpr {
        let xs = try args.map { a throws(NotCompilable) in try translate(a) }
        let err = SQLExpr.anyError(xs.map(\.error))
        switch fn {
        case "math.ceil", "math.floor", "math.round", "math.trunc":
            guard xs.count == 1, xs[0].kind == .double else {
                throw NotCompilable(message: Message("not-compilable.what.of-kind", ["fn": "\(fn)", "kind": "\(xs.first?.kind.rawValue ?? "-")"]), range: e.range, help: Message("help.takes-double", ["fn": "\(fn)"]))
            }
            let x = xs[0].sql
            let body: String
            switch fn {
            case "math.ceil": body = "ceil(\(x))"
            case "math.floor": body = "floor(\(x))"
            case "math.trunc": body = truncated(x)
            // Half away from zero, computed without adding 0.5 (which rounds in binary).
            default: body = "(CASE WHEN abs(\(x)) - floor(abs(\(x))) >= 0.5 THEN floor(abs(\(x))) + 1 ELSE floor(abs(\(x))) END * sign(\(x)))"
            }
            return SQLExpr("CAST(\(body) AS \(dialect.double))", .double, error: err)
        case "math.abs":
            guard xs.count == 1, xs[0].kind == .int || xs[0].kind == .double else { throw unsupported(fn, e) }
            return SQLExpr("abs(\(xs[0].sql))", xs[0].kind, error: err)
        case "math.least", "math.greatest":
            guard !xs.isEmpty, let k = xs.first?.kind, xs.allSatisfy({ $0.kind == k }), k == .int || k == .double else {
                throw NotCompilable(message: Message("not-compilable.what.mixed-non-numeric-arguments", ["fn": "\(fn)"]), range: e.range, help: Message("help.pass-numbers-one-type"))
            }
            if xs.count == 1 { return xs[0] }
            return SQLExpr("\(fn == "math.least" ? "least" : "greatest")(\(xs.map(\.sql).joined(separator: ", ")))", k, error: err)
        default:
            throw unsupported(fn, e)
        }
    }
}
