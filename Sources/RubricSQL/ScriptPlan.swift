import RubricCheck
import RubricSyntax

/// What the compiler knows while it writes one script: the rubric, the
/// dialect, the choices the caller made, and the statements so far.
struct ScriptPlan {
    /// The versions the script scores with, oldest first (one, when the caller chose it).
    let versions: [CheckedRubric]
    /// The version whose relations are being written.
    var version = 0
    let options: SQLCompiler.Options
    var rubric: CheckedRubric { versions[version] }
    var dialect: Dialect { options.dialect }
    var schema: Schema { rubric.schema }
    private(set) var statements: [String] = []

    init(versions: [CheckedRubric], options: SQLCompiler.Options) {
        self.versions = versions
        self.options = options
    }

    /// The name of one of the current version's relations (`rubric_v1_checked`; `rubric_checked` with one version).
    func r(_ base: String) -> String { (versions.count == 1 ? "rubric_" : "rubric_v\(version)_") + base }

    /// The assessment period kind, the same for every version.
    var assess: PeriodKind { versions[0].assess }

    /// The version in effect for a period starting at `start` (a SQL date): the latest effective by then.
    func owner(of start: String, otherwise: String = "0") -> String {
        if versions.count == 1 { return "0" }
        let arms = versions.indices.reversed().map { "WHEN \(start) >= \(dialect.date(versions[$0].meta.effective)) THEN \($0)" }
        return "(CASE " + arms.joined(separator: " ") + " ELSE \(otherwise) END)"
    }

    /// Adds a named relation; `note` becomes its comment.
    mutating func relation(_ name: String, _ note: String, _ query: String, materialize: Bool = false) {
        statements.append(SQLText.comment(note) + "\n" + dialect.create(name, query, materialize: materialize && options.materialize))
    }

    mutating func raw(_ statement: String) { statements.append(statement) }

    /// The raw text column of field `i` in the input relation.
    func rawColumn(_ i: Int) -> String { "f\(i)" }
    /// The typed column of field `i` (defaults applied) in the checked relations.
    func typed(_ i: Int) -> String { "v\(i)" }

    var typeColumn: String { typed(schema.typeField) }
    var unitColumn: String { typed(schema.unitField) }

    /// The first day of the period of `kind` holding the date in `day`.
    func periodStart(_ kind: PeriodKind, of day: String) -> String {
        if kind == .year { return "make_date(CAST(\(yearFn)\(day)) AS INTEGER), 1, 1)" }
        let m = "(CAST(\(monthFn)\(day)) AS INTEGER) - 1)"
        let first = "(\(dialect.intDivide(m, "\(kind.months)")) * \(kind.months) + 1)"
        return "make_date(CAST(\(yearFn)\(day)) AS INTEGER), CAST(\(first) AS INTEGER), 1)"
    }

    var yearFn: String { dialect == .postgres ? "date_part('year', " : "year(" }
    var monthFn: String { dialect == .postgres ? "date_part('month', " : "month(" }

    /// The label of the period of `kind` starting at `start`: `2024`, `2024-H1`, `2024-Q1`, `2024-03`.
    func periodLabel(_ kind: PeriodKind, start: String) -> String {
        let y = "CAST(CAST(\(yearFn)\(start)) AS INTEGER) AS \(dialect.text))"
        let m = "CAST(\(monthFn)\(start)) AS INTEGER)"
        switch kind {
        case .year: return y
        case .half: return "\(y) || '-H' || CAST(\(dialect.intDivide("\(m) - 1", "6")) + 1 AS \(dialect.text))"
        case .quarter: return "\(y) || '-Q' || CAST(\(dialect.intDivide("\(m) - 1", "3")) + 1 AS \(dialect.text))"
        case .month: return "\(y) || '-' || lpad(CAST(\(m) AS \(dialect.text)), 2, '0')"
        }
    }

    /// Index (1-based) of the period of `kind` starting at `start` within its year.
    func periodIndex(_ kind: PeriodKind, start: String) -> String {
        "(\(dialect.intDivide("CAST(\(monthFn)\(start)) AS INTEGER) - 1", "\(kind.months)")) + 1)"
    }

    /// A condition passing a rule's `units:` filter, on the roster row `ro`
    /// joined for the unit (`rosterJoin`); without a roster no unit passes.
    func unitFilter(_ filter: [String: Set<String>]) -> String? {
        guard !filter.isEmpty else { return nil }
        guard options.roster else { return "FALSE" }
        let terms = filter.keys.sorted().map { attribute in
            "COALESCE(ro.\(dialect.ident("a_" + attribute)) IN (\(SQLText.strings(filter[attribute]!.sorted(), dialect))), FALSE)"
        }
        return "(" + terms.joined(separator: " AND ") + ")"
    }

    /// The join that gives rule filters the roster row `ro` of the unit in `unitExpr` (empty when no rule filters).
    func rosterJoin(_ unitExpr: String) -> String {
        guard options.roster, rubric.rules.contains(where: { !$0.units.isEmpty }) || rubric.categories.contains(where: { !$0.shares.isEmpty }) else { return "" }
        return " LEFT JOIN rubric_roster ro ON ro.unit = \(unitExpr)"
    }

    /// Roster attributes the rubric reads (rule filters and rank groups).
    var rosterAttributes: [String] {
        var s = Set<String>()
        for r in rubric.rules { s.formUnion(r.units.keys) }
        for c in rubric.categories { for share in c.shares { s.formUnion(share.units.keys) } }
        if let g = rubric.rankWithin { s.insert(g) }
        return s.sorted()
    }
}
