import RubricCheck
import RubricSyntax

/// Totals as SQL: category scores clamped once on the period's sum, bonus
/// caps, adjustments, bounded period totals, vetoes, and the year's exact
/// combination with its rounding.
extension ScriptPlan {
    /// `x` within the optional bounds.
    func bounded(_ x: String, _ b: CheckedRubric.Bounds) -> String {
        var v = x
        if let lo = b.min { v = "greatest(\(SQLText.decimal(lo, dialect)), \(v))" }
        if let hi = b.max { v = "least(\(SQLText.decimal(hi, dialect)), \(v))" }
        return v
    }

    /// The sum of adjustments `sum` with their bonuses `bonus` cut to `bonusMax`.
    func bonusCut(_ sum: String, _ bonus: String, _ bonusMax: Fixed?) -> String {
        guard let m = bonusMax else { return sum }
        let c = SQLText.decimal(m, dialect)
        return "(\(sum) - CASE WHEN \(bonus) > \(c) THEN \(bonus) - \(c) ELSE \(SQLText.decimal(.zero, dialect)) END)"
    }

    func decimalOrNull(_ f: Fixed?) -> String { f.map { SQLText.decimal($0, dialect) } ?? "CAST(NULL AS \(dialect.decimal))" }

    /// The current version's rules: category (-1: an adjustment), veto grade and id.
    mutating func ruleTable() {
        let d = dialect
        let grades = rubric.grades
        let gradeIndex = { (name: String?) -> Int in name.flatMap { n in grades.firstIndex { $0.name == n } } ?? -1 }
        let metaRows = rubric.rules.enumerated().map { i, r in
            ["\(i)", "\(r.category ?? -1)", "\(r.veto == nil ? -1 : gradeIndex(r.veto))", d.string(r.id), d.string(r.veto ?? "")]
        }
        relation("\(r("rules"))", "Each rule's category (-1: an adjustment), veto grade (-1: none; and its name) and id.",
                 "SELECT * FROM " + values(metaRows.isEmpty ? [["-1", "-1", "-1", "''", "''"]] : metaRows, "m", ["rule", "category", "veto", "id", "veto_grade"]))
    }

    mutating func totals(_ rules: [RuleSQL]) {
        let d = dialect
        let zero = SQLText.decimal(.zero, d)
        let periodRules = rubric.rules.indices.filter { rubric.rules[$0].scope == rubric.assess && rubric.rules[$0].absence == nil }
        let results = """
                 SELECT rule, unit, pstart, raw, points, events FROM \(r("rule_results")) WHERE rule IN (\((periodRules + [-1]).map(String.init).joined(separator: ", ")))
                 UNION ALL
                 SELECT rule, unit, pstart, raw, points, events FROM \(r("absence_results"))
                 """
        // Items with `bonus_if_no_deductions` (ItemSemantics.withholdBonuses): a bonus of such an item
        // is 0 in a period where a rule of the item deducted.
        let items = Array(Set(rubric.rules.filter(\.bonusIfNoDeductions).compactMap(\.itemNumber))).sorted()
        let flagged = rubric.rules.enumerated().compactMap { i, rule in
            rule.bonusIfNoDeductions ? rule.itemNumber.flatMap { items.firstIndex(of: $0) }.map { ["\(i)", "\($0)"] } : nil
        }
        if flagged.isEmpty {
            relation("\(r("period_results"))", "Results of the rules that belong to assessment periods.", results)
        } else {
            relation("\(r("period_results_capped"))", "Results of the rules that belong to assessment periods, after their caps.", results)
            let itemOf = values(flagged, "g", ["rule", "item"])
            relation("\(r("item_deductions"))", "The items with bonus_if_no_deductions that deducted, by unit and period.",
                     "SELECT b.unit, b.pstart, g.item FROM \(r("period_results_capped")) b JOIN \(itemOf) ON g.rule = b.rule WHERE b.points < \(zero) GROUP BY b.unit, b.pstart, g.item")
            relation("\(r("period_results"))", "Results of the rules that belong to assessment periods; a bonus of an item with bonus_if_no_deductions is 0 in a period the item deducted.",
                     """
                     SELECT b.rule, b.unit, b.pstart, b.raw, CASE WHEN b.points > \(zero) AND x.item IS NOT NULL THEN \(zero) ELSE b.points END AS points, b.events
                     FROM \(r("period_results_capped")) b LEFT JOIN \(itemOf) ON g.rule = b.rule
                     LEFT JOIN \(r("item_deductions")) x ON x.unit = b.unit AND x.pstart = b.pstart AND x.item = g.item
                     """)
        }
        let cats = rubric.categories.enumerated().map { i, c in
            ["\(i)", SQLText.decimal(c.max, d), decimalOrNull(c.min), decimalOrNull(c.bonusMax)]
        }
        let catTable = cats.isEmpty ? "(SELECT -1 AS category, \(zero) AS mx, \(zero) AS mn, \(zero) AS bmax FROM rubric_param WHERE FALSE) c"
                                    : values(cats, "c", ["category", "mx", "mn", "bmax"])
        // Items that do not apply to a unit (CategorySemantics): the unit is scored out of the rest
        // of the maximum (`outof`), and the score rescaled to the maximum, rounded as the category says.
        let shares = rubric.categories.enumerated().filter { !$0.element.shares.isEmpty }
        let outOf = shares.isEmpty ? "c.mx" : "c.mx - " + byRule("c.category", shares.map { i, c in
            (i, "(" + c.shares.map { "CASE WHEN \(applies($0.units)) THEN \(zero) ELSE \(SQLText.decimal($0.max, d)) END" }.joined(separator: " + ") + ")")
        }, otherwise: zero)
        func rescaled(_ score: String) -> String {
            guard !shares.isEmpty else { return score }
            let arms = shares.map { i, c in
                (i, roundedQuotient("(\(score)) * mx * 1000000", "(outof * 1000000)", places: c.round.places, halfUp: c.round.halfUp))
            }
            return "CASE WHEN outof = mx THEN \(score) ELSE \(byRule("category", arms, otherwise: score)) END"
        }
        relation("\(r("category_scores"))", "Each category: its maximum plus its rules' capped points, bonuses cut to bonus_max, clamped once to [min, max]"
                    + (shares.isEmpty ? "." : "; a unit some items do not apply to scored out of the rest and rescaled."),
                 """
                 SELECT unit, pstart, category, \(rescaled("CASE WHEN mn IS NULL OR capped > mn THEN capped ELSE mn END")) AS score
                 FROM (SELECT u.unit, p.pstart, c.category, c.mn, c.mx, \(outOf) AS outof,
                        least(\(outOf), \(outOf) + COALESCE(x.pts, \(zero))
                          - CASE WHEN c.bmax IS NOT NULL AND COALESCE(x.bonus, \(zero)) > c.bmax THEN x.bonus - c.bmax ELSE \(zero) END) AS capped
                 FROM rubric_units u CROSS JOIN \(r("periods")) p CROSS JOIN \(catTable)\(shares.isEmpty ? "" : rosterJoin("u.unit"))
                 LEFT JOIN (SELECT r.unit, r.pstart, m.category, sum(r.points) AS pts,
                                   sum(CASE WHEN r.points >= 0 THEN r.points ELSE \(zero) END) AS bonus
                            FROM \(r("period_results")) r JOIN \(r("rules")) m ON m.rule = r.rule
                            WHERE m.category >= 0 GROUP BY r.unit, r.pstart, m.category) x
                   ON x.unit = u.unit AND x.pstart = p.pstart AND x.category = c.category) s
                 """, materialize: true)
        let adj = bonusCut("sum(r.points)", "sum(CASE WHEN r.points >= 0 THEN r.points ELSE \(zero) END)", rubric.total.bonusMax)
        relation("\(r("period_adjustments"))", "Each period's adjustments (no category), bonuses cut to periods.total.bonus_max.",
                 "SELECT r.unit, r.pstart, \(adj) AS adj FROM \(r("period_results")) r JOIN \(r("rules")) m ON m.rule = r.rule WHERE m.category < 0 GROUP BY r.unit, r.pstart")
        relation("\(r("period_vetoes"))", "Vetoes that fired in a period: the rules, and the lowest grade they set.",
                 """
                 SELECT r.unit, r.pstart, \(d.joined("m.id", order: "m.rule", sep: ",")) AS vetoed_by, max(m.veto) AS veto
                 FROM \(r("period_results")) r JOIN \(r("rules")) m ON m.rule = r.rule
                 WHERE m.veto >= 0 AND r.events > 0 GROUP BY r.unit, r.pstart
                 """)
        let pivots = rubric.categories.enumerated().map { i, c in
            "max(CASE WHEN c.category = \(i) THEN c.score END) AS \(d.ident("category_" + c.id))"
        }
        relation("\(r("period_rows"))", "Each unit's period: category scores, adjustments, and the bounded total.",
                 """
                 SELECT s.unit, s.pstart, \(bounded("s.cats + COALESCE(a.adj, \(zero))", rubric.total)) AS total,
                        COALESCE(a.adj, \(zero)) AS adjustments, v.vetoed_by, v.veto\(rubric.categories.isEmpty ? "" : ",\n       " + rubric.categories.map { "s." + d.ident("category_" + $0.id) }.joined(separator: ", "))
                 FROM (SELECT u.unit, p.pstart, COALESCE(sum(c.score), \(zero)) AS cats\(pivots.isEmpty ? "" : ",\n             " + pivots.joined(separator: ",\n             "))
                       FROM rubric_units u CROSS JOIN \(r("periods")) p
                       LEFT JOIN \(r("category_scores")) c ON c.unit = u.unit AND c.pstart = p.pstart
                       GROUP BY u.unit, p.pstart) s
                 LEFT JOIN \(r("period_adjustments")) a ON a.unit = s.unit AND a.pstart = s.pstart
                 LEFT JOIN \(r("period_vetoes")) v ON v.unit = s.unit AND v.pstart = s.pstart
                 """, materialize: true)
    }

    /// Whether the unit of the row (`ro`, the roster joined) passes a `units:` filter; without a roster, no unit does.
    func applies(_ units: [String: Set<String>]) -> String {
        guard options.roster else { return "FALSE" }
        return "(" + units.keys.sorted().map { a in
            "COALESCE(ro.\(dialect.ident("a_" + a)) IN (\(units[a]!.sorted().map(dialect.string).joined(separator: ", "))), FALSE)"
        }.joined(separator: " AND ") + ")"
    }

    /// `s / n` rounded to `places` (half up: away from zero; else half even),
    /// in whole micro-units so no engine's decimal division rounds first.
    func roundedQuotient(_ s: String, _ n: String, places: Int, halfUp: Bool) -> String {
        let unit = (0..<(6 - places)).reduce(1) { v, _ in v * 10 }
        let num = "CAST(\(s) * 1000000 AS BIGINT)"
        let a = "abs(\(num))", dd = "(CAST(\(n) AS BIGINT) * \(unit))"
        let q = dialect.intDivide(a, dd)
        let r = "(\(a) - \(q) * \(dd))"
        let tie = halfUp ? "1" : "(\(q) % 2)"
        let up = "(CASE WHEN 2 * \(r) > \(dd) THEN 1 WHEN 2 * \(r) = \(dd) THEN \(tie) ELSE 0 END)"
        let micros = "((CASE WHEN \(num) < 0 THEN -1 ELSE 1 END) * (\(q) + \(up)) * \(unit))"
        return "CAST(CAST(\(micros) AS DECIMAL(19,0)) * CAST(0.000001 AS DECIMAL(19,6)) AS \(dialect.decimal))"
    }

    /// The current version's rules that adjust the year's total.
    var yearRuleList: String {
        let yearRules = rubric.rules.indices.filter { rubric.rules[$0].scope == .year && rubric.rules[$0].category == nil && rubric.rules[$0].absence == nil }
        return (yearRules + [-1]).map(String.init).joined(separator: ", ")
    }

    /// What the years draw from every version: period totals, which
    /// version combines each year (the one in effect on its first day, else
    /// that of its first period), the year rules' results, the vetoes.
    mutating func yearInputs() {
        let d = dialect
        let parts = forEachVersion { v -> (String, String, String) in
            ("SELECT unit, pstart, total FROM \(v.r("period_rows"))",
             "SELECT \(v.version) AS version, m.id, c.unit, c.pstart AS ystart, c.grp, c.galone, c.pts, c.occ FROM \(v.r("contributions")) c JOIN \(v.r("rules")) m ON m.rule = c.rule WHERE c.rule IN (\(v.yearRuleList))",
             """
             SELECT DISTINCT r.unit, \(v.periodStart(.year, of: "r.pstart")) AS ystart, m.id, m.veto_grade
             FROM (SELECT rule, unit, pstart, events FROM \(v.r("period_results"))
                   UNION ALL SELECT rule, unit, pstart, events FROM \(v.r("rule_results")) WHERE rule IN (\(v.yearRuleList))) r
             JOIN \(v.r("rules")) m ON m.rule = r.rule
             WHERE m.veto >= 0 AND r.events > 0
             """)
        }
        let (totals, results, vetoes) = (parts.map(\.0), parts.map(\.1), parts.map(\.2))
        relation("rubric_all_period_rows", "Every unit's period totals, whichever version scored them.", totals.joined(separator: "\nUNION ALL\n"))
        relation("rubric_year_owners", "The version that combines each year.",
                 """
                 SELECT y.ystart, COALESCE(\(owner(of: "y.ystart", otherwise: "NULL")), y.first_owner) AS owner
                 FROM (SELECT \(periodStart(.year, of: "pstart")) AS ystart, min(owner) AS first_owner FROM rubric_calendar
                       GROUP BY \(periodStart(.year, of: "pstart"))) y
                 """)
        // One year, one cap: a year's rule pools its events from every version
        // scoring part of the year that declares its id, priced (first
        // occurrence, cap) by the last of those versions (as `eval`).
        var definitions: [[String]] = []
        var corrections: [String] = []
        for (k, v) in versions.enumerated() {
            for rule in v.rules where rule.scope == .year && rule.category == nil {
                definitions.append(["\(k)", d.string(rule.id), decimalOrNull(rule.cap)])
                if let c = stepCorrection(rule, occurrences: "s.occ") { corrections.append("WHEN y.version = \(k) AND y.id = \(d.string(rule.id)) THEN \(c)") }
            }
        }
        let definitionTable = definitions.isEmpty
            ? "(SELECT -1 AS version, \(d.string("")) AS id, \(decimalOrNull(nil)) AS cap FROM rubric_param WHERE FALSE) y"
            : values(definitions, "y", ["version", "id", "cap"])
        relation("rubric_year_rule_definitions", "Each version's rules adjusting a year: id and cap.", "SELECT * FROM " + definitionTable)
        relation("rubric_year_rule_pricing", "For each year and year rule id, the last version scoring part of the year that declares it.",
                 """
                 SELECT \(periodStart(.year, of: "c.pstart")) AS ystart, y.id, max(c.owner) AS version
                 FROM rubric_calendar c JOIN rubric_year_rule_definitions y ON y.version = c.owner
                 GROUP BY \(periodStart(.year, of: "c.pstart")), y.id
                 """)
        relation("rubric_year_rule_sums", "A year rule's points per unit, year and (for caps per field value) value, from every version.",
                 "SELECT id, unit, ystart, grp, sum(pts) AS raw, sum(occ) AS occ, count(*) AS events FROM (\(results.joined(separator: "\nUNION ALL\n"))) c GROUP BY id, unit, ystart, grp, galone")
        // Occurrence steps priced by the pricing version, over the year's pooled occurrences.
        let correction = corrections.isEmpty ? "" : " + (CASE " + corrections.joined(separator: " ") + " ELSE \(SQLText.decimal(.zero, d)) END)"
        let priced = "(s.raw\(correction))"
        yearAbsences()
        relation("rubric_year_rule_results", "Results of the rules adjusting a year: one cap per year whichever versions scored its events.",
                 """
                 SELECT s.id, s.unit, s.ystart, s.points, CAST(0 AS BIGINT) AS events FROM rubric_year_absence_results s
                 UNION ALL
                 SELECT s.id, s.unit, s.ystart,
                        sum(CASE WHEN y.cap IS NULL THEN \(priced) WHEN \(priced) > y.cap THEN y.cap WHEN \(priced) < -y.cap THEN -y.cap ELSE \(priced) END) AS points,
                        sum(s.events) AS events
                 FROM rubric_year_rule_sums s
                 JOIN rubric_year_rule_pricing p ON p.ystart = s.ystart AND p.id = s.id
                 JOIN rubric_year_rule_definitions y ON y.version = p.version AND y.id = s.id
                 GROUP BY s.id, s.unit, s.ystart
                 """)
        relation("rubric_veto_hits", "Vetoes that fired in a year (in its periods or its own rules): rule id and grade.",
                 vetoes.map { "SELECT unit, ystart, id, veto_grade FROM (\($0)) v" }.joined(separator: "\nUNION\n"))
    }

    /// Absence rules adjusting a year (`scope: year`): each unit's year
    /// loses the rule's points once when a sub-period of it begun by the
    /// as-of date is short of events, counted over every version scoring
    /// part of the year and judged by the one pricing the rule's id.
    mutating func yearAbsences() {
        let d = dialect
        var counted: [String] = []
        var results: [String] = []
        _ = forEachVersion { v -> Void in
            let rules = v.rubric.rules.enumerated().filter { $0.element.scope == .year && $0.element.category == nil && $0.element.absence != nil && v.assess != .year }
            guard !rules.isEmpty else { return }
            counted.append("SELECT m.id, p.unit, p.sstart, p.n FROM \(v.r("presence")) p JOIN \(v.r("rules")) m ON m.rule = p.rule WHERE p.rule IN (\(rules.map { String($0.offset) }.joined(separator: ", ")))")
            for (_, rule) in rules {
                let a = rule.absence!
                let offsets = stride(from: 0, to: 12, by: a.every.months).map { ["\($0)"] }
                let part = d.addMonths("p.ystart", "o.k")
                var points = SQLText.decimal(.zero, d)
                if case .constant(let c) = rule.points { points = rule.cap.map { v.clamp(SQLText.decimal(c, d), $0) } ?? SQLText.decimal(c, d) }
                let filter = v.unitFilter(rule.units).map { " AND " + $0 } ?? ""
                let id = d.string(rule.id)
                results.append("""
                    SELECT \(id) AS id, u.unit, p.ystart, \(points) AS points
                    FROM rubric_units u
                    CROSS JOIN (SELECT ystart FROM rubric_year_rule_pricing WHERE id = \(id) AND version = \(v.version)) p
                    CROSS JOIN \(v.values(offsets, "o", ["k"])) CROSS JOIN rubric_bounds b\(v.rosterJoin("u.unit"))
                    LEFT JOIN rubric_year_presence pr ON pr.id = \(id) AND pr.unit = u.unit AND pr.sstart = \(part)
                    WHERE \(part) <= b.as_of\(filter)
                    GROUP BY u.unit, p.ystart
                    HAVING sum(CASE WHEN COALESCE(pr.n, 0) < \(a.atLeast) THEN 1 ELSE 0 END) > 0
                    """)
            }
        }
        let none = "SELECT \(d.string("")) AS id, CAST(NULL AS \(d.text)) AS unit, CAST(NULL AS DATE) AS sstart, CAST(0 AS BIGINT) AS n FROM rubric_param WHERE FALSE"
        relation("rubric_year_presence", "Occurrences counted by the year's absence rules per rule id, unit and sub-period, from every version.",
                 "SELECT id, unit, sstart, sum(n) AS n FROM (\((counted.isEmpty ? [none] : counted).joined(separator: "\nUNION ALL\n"))) c GROUP BY id, unit, sstart")
        relation("rubric_year_absence_results", "The year's absence rules: their points for each unit and year with a sub-period short of events.",
                 results.isEmpty ? "SELECT \(d.string("")) AS id, CAST(NULL AS \(d.text)) AS unit, CAST(NULL AS DATE) AS ystart, \(SQLText.decimal(.zero, d)) AS points FROM rubric_param WHERE FALSE"
                                 : results.joined(separator: "\nUNION ALL\n"))
    }

    /// The years the current version combines.
    mutating func yearRows() {
        let d = dialect
        let zero = SQLText.decimal(.zero, d)
        let owned = "(SELECT ystart FROM rubric_year_owners WHERE owner = \(version))"
        let weights = rubric.yearWeights.enumerated().map { ["\($0.offset + 1)", "CAST(\($0.element) AS BIGINT)"] }
        let weightTable = weights.isEmpty ? "(SELECT 0 AS idx, CAST(0 AS BIGINT) AS w FROM rubric_param WHERE FALSE) w" : values(weights, "w", ["idx", "w"])
        relation("\(r("year_parts"))", "Each unit's scored periods of a year: count, sum, and the weighted sum.",
                 """
                 SELECT r.unit, \(periodStart(.year, of: "r.pstart")) AS ystart, count(*) AS n, sum(r.total) AS s,
                        sum(r.total * w.w) AS ws, sum(w.w) AS w
                 FROM rubric_all_period_rows r LEFT JOIN \(weightTable) ON w.idx = \(periodIndex(assess, start: "r.pstart"))
                 WHERE \(periodStart(.year, of: "r.pstart")) IN \(owned)
                 GROUP BY r.unit, \(periodStart(.year, of: "r.pstart"))
                 """)
        let round = rubric.yearRound ?? (places: 6, halfUp: true)
        let combined: String
        switch rubric.yearCombine {
        case .mean: combined = roundedQuotient("y.s", "y.n", places: round.places, halfUp: round.halfUp)
        case .sum: combined = rubric.yearRound == nil ? "y.s" : roundedQuotient("y.s", "1", places: round.places, halfUp: round.halfUp)
        case .weighted:
            combined = "CASE WHEN COALESCE(y.w, 0) > 0 THEN \(roundedQuotient("y.ws", "y.w", places: round.places, halfUp: round.halfUp)) ELSE \(zero) END"
        }
        let adj = bonusCut("sum(r.points)", "sum(CASE WHEN r.points >= 0 THEN r.points ELSE \(zero) END)", rubric.yearBounds.bonusMax)
        relation("\(r("year_adjustments"))", "The year's adjustments, bonuses cut to periods.year.bonus_max.",
                 "SELECT r.unit, r.ystart, \(adj) AS adj FROM rubric_year_rule_results r GROUP BY r.unit, r.ystart")
        let gradeOf = rubric.grades.isEmpty ? "CAST(NULL AS INTEGER)"
            : "CASE x.veto_grade " + rubric.grades.enumerated().map { "WHEN \(d.string($0.element.name)) THEN \($0.offset)" }.joined(separator: " ") + " END"
        relation("\(r("year_vetoes"))", "Vetoes of a year: those of its periods and of its own rules.",
                 """
                 SELECT x.unit, x.ystart, \(d.joined("x.id", order: d.codePoint("x.id"), sep: ",")) AS vetoed_by, max(\(gradeOf)) AS veto
                 FROM (SELECT DISTINCT unit, ystart, id, veto_grade FROM rubric_veto_hits) x
                 GROUP BY x.unit, x.ystart
                 """)
        relation("\(r("year_rows"))", "Each unit's year: the periods combined, plus the year's adjustments, bounded.",
                 """
                 SELECT c.unit, c.ystart, \(bounded("c.combined + COALESCE(a.adj, \(zero))", rubric.yearBounds)) AS total,
                        c.combined, COALESCE(a.adj, \(zero)) AS adjustments, v.vetoed_by, v.veto
                 FROM (SELECT y.unit, y.ystart, \(combined) AS combined FROM \(r("year_parts")) y) c
                 LEFT JOIN \(r("year_adjustments")) a ON a.unit = c.unit AND a.ystart = c.ystart
                 LEFT JOIN \(r("year_vetoes")) v ON v.unit = c.unit AND v.ystart = c.ystart
                 """, materialize: true)
    }
}
