import RubricCheck
import RubricSyntax

/// One rule written as SQL fragments over a typed event row: its
/// condition, its points per occurrence, and when evaluating it fails.
struct RuleSQL {
    var index: Int
    var rule: CheckedRubric.Rule
    /// True when the rule scores the event (condition true, unit filter passed).
    var condition: String
    /// Per-occurrence points as an exact decimal (absence rules: their constant).
    var points: String
    /// True when the event must be rejected for this rule (nil: never).
    var error: String?
}

extension ScriptPlan {
    /// Every rule as SQL, or the reasons some cannot be compiled, each at its source.
    func ruleFragments() -> ([RuleSQL], [Diagnostic]) {
        var out: [RuleSQL] = []
        var problems: [Diagnostic] = []
        for (i, r) in rubric.rules.enumerated() {
            do throws(SQLCompileFailure) {
                out.append(try fragment(i, r))
            } catch {
                problems.append(error.diagnostic)
            }
        }
        return (out, problems)
    }

    func fragment(_ index: Int, _ r: CheckedRubric.Rule) throws(SQLCompileFailure) -> RuleSQL {
        let types = r.absence?.types ?? r.types
        let tr = ExprTranslator(dialect: dialect, schema: schema, types: types, column: { "e." + typed($0) })
        let unitOK = unitFilter(r.units)
        var cond = SQLExpr("TRUE", .bool)
        if let w = r.absence?.when ?? r.when {
            cond = try translate(w, tr, rule: r)
            guard cond.kind == .bool else { throw SQLCompileFailure(rule: r, expr: w, NotCompilable(message: Message("not-compilable.what.condition-that-not-bool"), range: nil, help: nil)) }
        }
        var points = SQLText.decimal(.zero, dialect)
        var pointsError: String?
        switch r.points {
        case .constant(let c): points = SQLText.decimal(c, dialect)
        case .steps(_, let then): points = SQLText.decimal(then, dialect)
        case .expression(let e):
            let p = try translate(e, tr, rule: r)
            pointsError = p.error
            switch p.kind {
            case .int: points = "CAST(\(p.sql) AS \(dialect.decimal))"
            case .double: points = micros(p.sql)
            case .string, .bool:
                throw SQLCompileFailure(rule: r, expr: e, NotCompilable(message: Message("not-compilable.what.points-that-are-not"), range: nil, help: nil))
            }
        case .table(let f, let entries, let otherwise):
            let field = schema.fields[f]
            let key: String
            switch field.type {
            case .string, .enum, .date: key = "e." + typed(f)
            case .integer: key = "CAST(e.\(typed(f)) AS \(dialect.text))"
            case .number:
                throw SQLCompileFailure(message: Message("not-compilable.what.points-table-keyed-by", ["name": "\(field.name)"]), at: r.span,
                                        help: Message("help.key-table-by-string"))
            }
            let arms = entries.keys.sorted().map { "WHEN \(dialect.string($0)) THEN \(SQLText.decimal(entries[$0]!, dialect))" }
            points = "(CASE \(key) " + arms.joined(separator: " ") + " ELSE " + (otherwise.map { SQLText.decimal($0, dialect) } ?? "NULL") + " END)"
            if otherwise == nil {
                pointsError = "(\(key) IS NULL OR \(key) NOT IN (\(SQLText.strings(entries.keys.sorted(), dialect))))"
            }
        }
        // A cap per field value that rejects events without the field.
        if let f = r.capPer, r.capMissing == .reject {
            let missing = "e.\(typed(f)) IS NULL"
            pointsError = pointsError.map { "(\($0) OR \(missing))" } ?? missing
        }
        // The native order: the unit filter, then the condition, then (if it holds) the points.
        var errorParts: [String] = []
        if let ce = cond.error { errorParts.append(ce) }
        if let pe = pointsError { errorParts.append("(\(cond.definitelyTrue) AND \(pe))") }
        var error: String? = errorParts.isEmpty ? nil : "(" + errorParts.joined(separator: " OR ") + ")"
        if let e = error, let u = unitOK { error = "(\(u) AND \(e))" }
        let matched = [unitOK, cond.definitelyTrue].compactMap { $0 }.joined(separator: " AND ")
        return RuleSQL(index: index, rule: r, condition: matched, points: points, error: error)
    }

    func translate(_ e: CheckedExpr, _ tr: ExprTranslator, rule: CheckedRubric.Rule) throws(SQLCompileFailure) -> SQLExpr {
        guard case .success(let parsed) = e.source.parsed else {
            throw SQLCompileFailure(message: Message("not-compilable.what.expression-that-does-not"), at: e.source.span, help: Message("help.run-rubric-lint"))
        }
        do throws(NotCompilable) {
            let out = try tr.translate(parsed.root)
            guard out.sql.utf8.count + (out.error?.utf8.count ?? 0) < ExprTranslator.maxSQLLength else {
                throw NotCompilable(message: Message("not-compilable.what.expression-too-deeply-nested"), range: parsed.root.range,
                                    help: Message("help.split-into-separate-rules"))
            }
            return out
        } catch {
            throw SQLCompileFailure(rule: rule, expr: e, error)
        }
    }

    /// A double rounded to six decimals half away from zero, as the native
    /// engine turns an expression's double into points (no binary drift:
    /// the fraction is compared, never 0.5 added).
    func micros(_ x: String) -> String {
        let s = "(\(x) * 1000000.0)"
        let r = "(CASE WHEN abs(\(s)) - floor(abs(\(s))) >= 0.5 THEN floor(abs(\(s))) + 1 ELSE floor(abs(\(s))) END)"
        let signed = "(CASE WHEN \(s) < 0 THEN -\(r) ELSE \(r) END)"
        return "CAST(CAST(CAST(\(signed) AS BIGINT) AS DECIMAL(19,0)) * CAST(0.000001 AS DECIMAL(19,6)) AS \(dialect.decimal))"
    }
}

/// A construct that cannot be compiled, with its place in the rules file.
struct SQLCompileFailure: Error {
    var diagnostic: Diagnostic

    init(message: Message, at span: SourceSpan, help: Message?) {
        diagnostic = .error(.notCompilable, message, at: span, help: help)
    }

    init(rule: CheckedRubric.Rule, expr: CheckedExpr, _ n: NotCompilable) {
        let span = n.range.map { expr.source.span(of: $0) } ?? expr.source.span
        diagnostic = .error(.notCompilable, Message("not-compilable.rule-cannot-compiled-sql", ["id": "\(rule.id)", "message": .message(n.message)]), at: span, help: n.help)
    }
}
