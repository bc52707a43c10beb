import RubricCheck
import RubricSyntax

/// Scoring as SQL: events meet only the rules that name their type (a join
/// on the type, as the native engine's dispatch table), expression errors
/// reject the whole event, and each rule's points are summed and capped
/// per unit and scope period.
extension ScriptPlan {
    /// `(VALUES ...) AS name(columns)`: a small constant table.
    func values(_ rows: [[String]], _ name: String, _ columns: [String]) -> String {
        "(VALUES " + rows.map { "(" + $0.joined(separator: ", ") + ")" }.joined(separator: ", ") + ") AS \(name)(\(columns.joined(separator: ", ")))"
    }

    /// `CASE <column> WHEN i THEN ... END` over the rules that have an arm.
    func byRule(_ column: String, _ arms: [(Int, String)], otherwise: String = "NULL") -> String {
        if arms.isEmpty { return otherwise }
        return "CASE \(column) " + arms.map { "WHEN \($0.0) THEN \($0.1)" }.joined(separator: " ") + " ELSE \(otherwise) END"
    }

    /// The as-of parameter, once for the script.
    mutating func parameters() {
        relation("rubric_param", "The as-of date the caller set (NULL: the latest scored event's date).", "SELECT \(dialect.asOfParameter) AS as_of")
    }

    /// The current version's valid records, split into those after the
    /// as-of date, those a rule's expression fails on, and those that score.
    mutating func evaluation(_ rules: [RuleSQL]) {
        let d = dialect
        relation("\(r("ok"))", "Valid records.", "SELECT c.* FROM \(r("checked")) c WHERE c.reject_field IS NULL")
        relation("\(r("after"))", "Valid records dated after the as-of date: counted apart, never scored.",
                 "SELECT e.* FROM \(r("ok")) e CROSS JOIN rubric_param p WHERE p.as_of IS NOT NULL AND e.day > p.as_of")

        // Expression errors, checked in the native order of the rules of each type.
        let ordered = rules.filter { $0.rule.absence == nil } + rules.filter { $0.rule.absence != nil }
        let arms = ordered.compactMap { r -> String? in
            guard let err = r.error else { return nil }
            let types = SQLText.strings((r.rule.absence?.types ?? r.rule.types).map { schema.types[$0].name }, d)
            return "WHEN e.\(typeColumn) IN (\(types)) AND \(err) THEN \(d.string("rule \(r.rule.id): an expression failed (an absent field or a division by zero)"))"
        }
        let errorColumn = arms.isEmpty ? "CAST(NULL AS \(d.text))" : "CASE " + arms.joined(separator: " ") + " END"
        relation("\(r("evaluated"))", "Valid records up to the as-of date, with the first rule whose expressions fail on them.",
                 """
                 SELECT e.*, \(errorColumn) AS expr_error,
                        \(periodStart(assess, of: "e.day")) AS ps_assess, \(periodStart(.year, of: "e.day")) AS ps_year
                 FROM \(r("ok")) e CROSS JOIN rubric_param p\(rosterJoin("e." + unitColumn))
                 WHERE p.as_of IS NULL OR e.day <= p.as_of
                 """, materialize: true)
        relation("\(r("scored"))", "The events that score.", "SELECT * FROM \(r("evaluated")) WHERE expr_error IS NULL")
    }

    /// `body` written for each version in turn (the current version is kept).
    mutating func forEachVersion<T>(_ body: (ScriptPlan) -> T) -> [T] {
        let current = version
        defer { version = current }
        return versions.indices.map { k in version = k; return body(self) }
    }

    /// The names of one relation of every version.
    mutating func everyVersion(_ base: String) -> [String] { forEachVersion { $0.r(base) } }

    /// What all versions share: rejects, accounting, the as-of date and first day, the units, the calendar of periods.
    mutating func gathered() {
        let d = dialect
        let (checked, evaluated, input, scored, after) = (everyVersion("checked"), everyVersion("evaluated"), everyVersion("input"),
                                                          everyVersion("scored"), everyVersion("after"))
        relation("rubric_rejects", "Every rejected record: file, line, field and reason.",
                 (checked.map { "SELECT source_file, source_line, reject_field AS field, reject_reason AS reason FROM \($0) WHERE reject_field IS NOT NULL" }
                  + evaluated.map { "SELECT source_file, source_line, '' AS field, expr_error AS reason FROM \($0) WHERE expr_error IS NOT NULL" })
                    .joined(separator: "\nUNION ALL\n"))
        let count = { (names: [String]) in names.map { "(SELECT count(*) FROM \($0))" }.joined(separator: " + ") }
        relation("rubric_accounting", "read = scored + rejected + after_as_of.",
                 """
                 SELECT \(count(input)) AS read,
                        \(count(scored)) AS scored,
                        (SELECT count(*) FROM rubric_rejects) AS rejected,
                        \(count(after)) AS after_as_of
                 """)
        let days = scored.map { "SELECT day FROM \($0)" }.joined(separator: " UNION ALL ")
        relation("rubric_bounds", "The as-of date and the first scored day.",
                 """
                 SELECT COALESCE(p.as_of, (SELECT max(day) FROM (\(days)) x)) AS as_of,
                        COALESCE((SELECT min(day) FROM (\(days)) x), p.as_of) AS first
                 FROM rubric_param p
                 """, materialize: true)
        var unitsQuery = "SELECT DISTINCT unit FROM rubric_roster"
        if !options.roster {
            unitsQuery = forEachVersion { v in
                ["SELECT DISTINCT \(v.unitColumn) AS unit FROM \(v.r("scored"))", "SELECT DISTINCT \(v.unitColumn) AS unit FROM \(v.r("after"))"]
            }.flatMap { $0 }.joined(separator: " UNION ")
        }
        relation("rubric_units", "The units scored: the roster's, or those of the accepted events.", unitsQuery, materialize: true)
        // A period starting before the earliest version takes effect has no version: it is not scored (as `eval`).
        let covered = options.forcedVersion ? "" : " WHERE c.pstart >= \(d.date(assess.firstStart(onOrAfter: versions[0].meta.effective)))"
        relation("rubric_calendar", "The assessment periods from the first scored day's to the as-of date's that a version covers, each with the version in effect.",
                 "SELECT c.pstart, \(owner(of: "c.pstart")) AS owner FROM (SELECT \(d.monthSeries(periodStart(assess, of: "b.first"), periodStart(assess, of: "b.as_of"), step: assess.months)) AS pstart FROM rubric_bounds b) c" + covered)
    }

    /// The current version's periods, and its rules' results in them.
    mutating func scoring(_ rules: [RuleSQL]) {
        ruleTable()
        relation("\(r("periods"))", "The periods version \(rubric.meta.version) scores.", "SELECT pstart FROM rubric_calendar WHERE owner = \(version)")
        eventRules(rules.filter { $0.rule.absence == nil })
        absenceRules(rules.filter { $0.rule.absence != nil })
    }

    mutating func eventRules(_ rules: [RuleSQL]) {
        let d = dialect
        var typeRows: [[String]] = []
        for r in rules { for t in r.rule.types { typeRows.append([d.string(schema.types[t].name), "\(r.index)"]) } }
        if typeRows.isEmpty { typeRows.append(["CAST(NULL AS \(d.text))", "-1"]) }
        relation("\(r("rule_types"))", "Which rules score which event types.", "SELECT * FROM " + values(typeRows, "t", ["type", "rule"]))
        let scope = byRule("rt.rule", rules.map { ($0.index, $0.rule.scope == .year && assess != .year ? "e.ps_year" : "e.ps_assess") })
        // The cap group: the field's value; an event without it shares '' (`missing: together`) or, with
        // `missing: alone`, is a group of its own (its file and line, told apart from values by `alone`).
        let group = byRule("rt.rule", rules.compactMap { r in
            r.rule.capPer.map { f in
                let value = schema.fields[f].type == .string || schema.fields[f].type == .enum || schema.fields[f].type == .date
                    ? "e.\(typed(f))" : "CAST(e.\(typed(f)) AS \(d.text))"
                let absent = r.rule.capMissing == .alone ? "e.source_file || ':' || CAST(e.source_line AS \(d.text))" : "''"
                return (r.index, "COALESCE(\(value), \(absent))")
            }
        }, otherwise: "''")
        let alone = byRule("rt.rule", rules.compactMap { r in
            r.rule.capPer != nil && r.rule.capMissing == .alone ? (r.index, "CASE WHEN e.\(typed(r.rule.capPer!)) IS NULL THEN 1 ELSE 0 END") : nil
        }, otherwise: "0")
        relation("\(r("contributions"))", "One row per (event, rule) that scores: its points (per occurrence x count).",
                 """
                 SELECT rt.rule, e.\(unitColumn) AS unit, \(scope) AS pstart, \(group) AS grp, \(alone) AS galone,
                        \(byRule("rt.rule", rules.map { ($0.index, $0.points) })) * e.n AS pts, e.n AS occ
                 FROM \(r("scored")) e JOIN \(r("rule_types")) rt ON e.\(typeColumn) = rt.type\(rosterJoin("e." + unitColumn))
                 WHERE \(byRule("rt.rule", rules.map { ($0.index, $0.condition) }, otherwise: "FALSE"))
                 """, materialize: true)
        let stepArms = rules.compactMap { r in stepCorrection(r.rule, occurrences: "sum(occ)").map { (r.index, $0) } }
        // `combine: mean` (RuleSemantics.rawTotal): the mean per occurrence, to six decimals, half away from zero.
        let meanArms = rules.filter(\.rule.mean).map { ($0.index, roundedQuotient("sum(pts)", "sum(occ)", places: Fixed.digits, halfUp: true)) }
        let raw = byRule("rule", meanArms, otherwise: "sum(pts) + " + byRule("rule", stepArms, otherwise: SQLText.decimal(.zero, d)))
        relation("\(r("rule_sums"))", "Each rule's points per unit, scope period and (for caps per field value) value; occurrence steps priced.",
                 "SELECT rule, unit, pstart, grp, \(raw) AS raw, count(*) AS events FROM \(r("contributions")) GROUP BY rule, unit, pstart, grp, galone")
    }

    /// Each rule's capped result per unit and scope period (after every
    /// version's sums, for the grants in date order).
    mutating func ruleResults(_ fragments: [RuleSQL]) {
        let d = dialect
        let rules = fragments.filter { $0.rule.absence == nil }
        let capArms = rules.compactMap { r in r.rule.capOver == nil ? r.rule.cap.map { (r.index, clamp("raw", $0)) } : nil }
        let over = rules.filter { $0.rule.capOver != nil }.map(\.index)
        // Rules capped over a longer period take what was granted to their events in date order.
        let granted = over.isEmpty ? "" : """
             UNION ALL
             SELECT rule, unit, pstart, \(SQLText.decimal(.zero, d)) AS raw, sum(granted) AS points, CAST(0 AS BIGINT) AS events
             FROM rubric_date_order_grants WHERE version = \(version) GROUP BY rule, unit, pstart
             """
        relation("\(r("rule_results"))", "Each rule's capped result per unit and scope period.",
                 """
                 SELECT rule, unit, pstart, sum(raw) AS raw, sum(points) AS points, sum(events) AS events FROM (
                 SELECT rule, unit, pstart, raw, CASE WHEN rule IN (\((over + [-1]).map(String.init).joined(separator: ", "))) THEN \(SQLText.decimal(.zero, d)) ELSE \(byRule("rule", capArms, otherwise: "raw")) END AS points, events FROM \(r("rule_sums"))\(granted.isEmpty ? "" : "\n" + granted)) x
                 GROUP BY rule, unit, pstart
                 """,
                 materialize: true)
    }

    /// Rules capped over a period longer than their own (`over`): the
    /// events' points granted in date order against the running total of
    /// the unit, the rule's id and the cap period, across versions. A
    /// period's grants add up to the bounded running total at its end minus
    /// that at its start (bounded by the cap of the version scoring the
    /// period), so its sum is enough (as `DateOrderGrants`).
    mutating func dateOrderGrants() {
        let d = dialect
        var parts: [String] = []
        _ = forEachVersion { v -> Void in
            let rules = v.rubric.rules.enumerated().filter { $0.element.capOver != nil && $0.element.cap != nil && $0.element.absence == nil }
            guard !rules.isEmpty else { return }
            let caps = rules.map { ($0.offset, SQLText.decimal($0.element.cap!, d)) }
            let start = rules.map { ($0.offset, v.periodStart($0.element.capOver!, of: "s.pstart")) }
            parts.append("""
                SELECT \(v.version) AS version, s.rule, m.id, s.unit, s.pstart, \(v.byRule("s.rule", start)) AS cstart,
                       s.raw, \(v.byRule("s.rule", caps)) AS cap
                FROM \(v.r("rule_sums")) s JOIN \(v.r("rules")) m ON m.rule = s.rule
                WHERE s.rule IN (\(rules.map { String($0.offset) }.joined(separator: ", ")))
                """)
        }
        guard !parts.isEmpty else { return }
        let bounded = { (x: String) in "(CASE WHEN \(x) > o.cap THEN o.cap WHEN \(x) < -o.cap THEN -o.cap ELSE \(x) END)" }
        relation("rubric_date_order_grants", "Points of rules capped over a longer period, granted per scope period in date order.",
                 """
                 SELECT o.version, o.rule, o.unit, o.pstart, \(bounded("o.run")) - \(bounded("o.run - o.raw")) AS granted
                 FROM (SELECT x.*, sum(x.raw) OVER (PARTITION BY x.id, x.unit, x.cstart ORDER BY x.pstart
                                                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run
                       FROM (\(parts.joined(separator: "\nUNION ALL\n"))) x) o
                 """, materialize: true)
    }

    /// For occurrence steps: what occurrences 1...n score beyond `then` each
    /// (as `RuleSemantics.stepCorrection`), `n` a SQL expression; nil for
    /// other points.
    func stepCorrection(_ rule: CheckedRubric.Rule, occurrences n: String) -> String? {
        guard case .steps(let steps, let then) = rule.points else { return nil }
        var prefix: [Fixed] = []
        var c = Fixed.zero
        for s in steps {
            c = ((s - then).flatMap { c + $0 }) ?? c
            prefix.append(c)
        }
        let arms = prefix.indices.reversed().map { k in
            "WHEN \(n) \(k == prefix.count - 1 ? ">=" : "=") \(k + 1) THEN \(SQLText.decimal(prefix[k], dialect))"
        }
        return "(CASE " + arms.joined(separator: " ") + " ELSE \(SQLText.decimal(.zero, dialect)) END)"
    }

    /// `x` bounded to `cap` in magnitude.
    func clamp(_ x: String, _ cap: Fixed) -> String {
        let c = SQLText.decimal(cap, dialect)
        return "(CASE WHEN \(x) > \(c) THEN \(c) WHEN \(x) < -\(c) THEN -\(c) ELSE \(x) END)"
    }

    mutating func absenceRules(_ rules: [RuleSQL]) {
        let d = dialect
        var typeRows: [[String]] = []
        for r in rules { for t in r.rule.absence!.types { typeRows.append([d.string(schema.types[t].name), "\(r.index)"]) } }
        if typeRows.isEmpty { typeRows.append(["CAST(NULL AS \(d.text))", "-1"]) }
        relation("\(r("absence_types"))", "Which event types absence rules count.", "SELECT * FROM " + values(typeRows, "t", ["type", "rule"]))
        let sub = byRule("ar.rule", rules.map { ($0.index, periodStart($0.rule.absence!.every, of: "e.day")) })
        let presence = rules.isEmpty
            ? "SELECT -1 AS rule, CAST(NULL AS \(d.text)) AS unit, CAST(NULL AS DATE) AS sstart, CAST(0 AS BIGINT) AS n FROM rubric_param WHERE FALSE"
            : """
              SELECT ar.rule, e.\(unitColumn) AS unit, \(sub) AS sstart, sum(e.n) AS n
              FROM \(r("scored")) e JOIN \(r("absence_types")) ar ON e.\(typeColumn) = ar.type\(rosterJoin("e." + unitColumn))
              WHERE \(byRule("ar.rule", rules.map { ($0.index, $0.condition) }, otherwise: "FALSE"))
              GROUP BY ar.rule, e.\(unitColumn), \(sub)
              """
        relation("\(r("presence"))", "Occurrences counted by each absence rule per unit and sub-period.", presence)
        var parts: [String] = []
        for r in rules where r.rule.scope == assess {
            let a = r.rule.absence!
            let step = a.every.months
            let offsets = stride(from: 0, to: assess.months, by: step).map { ["\($0)"] }
            let part = d.addMonths("p.pstart", "o.k")
            var points = SQLText.decimal(.zero, d)
            if case .constant(let c) = r.rule.points { points = r.rule.cap.map { clamp(SQLText.decimal(c, d), $0) } ?? SQLText.decimal(c, d) }
            let filter = unitFilter(r.rule.units).map { " AND " + $0 } ?? ""
            parts.append("""
                SELECT \(r.index) AS rule, u.unit, p.pstart, \(points) AS raw, \(points) AS points, CAST(0 AS BIGINT) AS events
                FROM rubric_units u CROSS JOIN \(self.r("periods")) p CROSS JOIN \(values(offsets, "o", ["k"])) CROSS JOIN rubric_bounds b\(rosterJoin("u.unit"))
                LEFT JOIN \(self.r("presence")) pr ON pr.rule = \(r.index) AND pr.unit = u.unit AND pr.sstart = \(part)
                WHERE \(part) <= b.as_of\(filter)
                GROUP BY u.unit, p.pstart
                HAVING sum(CASE WHEN COALESCE(pr.n, 0) < \(a.atLeast) THEN 1 ELSE 0 END) > 0
                """)
        }
        if parts.isEmpty {
            parts.append("SELECT -1 AS rule, CAST(NULL AS \(d.text)) AS unit, CAST(NULL AS DATE) AS pstart, \(SQLText.decimal(.zero, d)) AS raw, \(SQLText.decimal(.zero, d)) AS points, CAST(0 AS BIGINT) AS events FROM rubric_param WHERE FALSE")
        }
        relation("\(r("absence_results"))", "Absence rules: the points of each period with a sub-period (begun by the as-of date) short of events.",
                 parts.joined(separator: "\nUNION ALL\n"), materialize: true)
    }
}
