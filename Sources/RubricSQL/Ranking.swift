import RubricCheck
import RubricSyntax

/// Ranks (ties share a rank, the next skips), groups (`rank_within`),
/// grades with vetoes and quotas, and the final scores relation.
extension ScriptPlan {
    mutating func ranking() {
        let d = dialect
        let nullDecimal = "CAST(NULL AS \(d.decimal))"
        let catCols = rubric.categories.map { d.ident("category_" + $0.id) }
        let allCategories = SQLCompiler.categoryIds(versions)
        var rows = ["""
            SELECT r.unit, \(periodLabel(rubric.assess, start: "r.pstart")) AS period, \(d.addMonths("r.pstart", "\(rubric.assess.months)")) AS pnext, \(rubric.assess.months) AS pmonths,
                   r.total, r.adjustments, \(nullDecimal) AS combined, r.vetoed_by, r.veto\(catCols.isEmpty ? "" : ", " + catCols.map { "r." + $0 }.joined(separator: ", "))
            FROM \(r("period_rows")) r
            """]
        if assess != .year {
            rows.append("""
                SELECT r.unit, \(periodLabel(.year, start: "r.ystart")) AS period, \(d.addMonths("r.ystart", "12")) AS pnext, 12 AS pmonths,
                       r.total, r.adjustments, r.combined, r.vetoed_by, r.veto\(catCols.isEmpty ? "" : ", " + catCols.map { "\(nullDecimal) AS \($0)" }.joined(separator: ", "))
                FROM \(r("year_rows")) r WHERE r.ystart IN (SELECT ystart FROM rubric_year_owners WHERE owner = \(version))
                """)
        }
        // Units without the attribute (or without a roster) form the group ''.
        let group = rubric.rankWithin.map { options.roster ? "COALESCE(g.\(d.ident("a_" + $0)), '')" : "''" } ?? "CAST(NULL AS \(d.text))"
        let groupJoin = rubric.rankWithin == nil || !options.roster ? "" : " LEFT JOIN rubric_roster g ON g.unit = x.unit"
        relation("\(r("ranked"))", "Every row ranked within its period (and group): highest total first, ties share a rank.",
                 """
                 SELECT y.*, RANK() OVER (PARTITION BY y.period, y.grp ORDER BY y.total DESC) AS rnk,
                        COUNT(*) OVER (PARTITION BY y.period, y.grp) AS cnt
                 FROM (SELECT x.*, \(group) AS grp FROM (\(rows.joined(separator: "\nUNION ALL\n"))) x\(groupJoin)) y
                 """)
        // Grades: the band the total reaches; a veto's grade when lower; then the quotas, grade by grade.
        var gradeIndex = "CAST(NULL AS INTEGER)"
        var layers = "\(r("ranked"))"
        if !rubric.grades.isEmpty {
            let band = "CASE " + rubric.grades.enumerated().map { "WHEN total >= \(SQLText.decimal($0.element.min, d)) THEN \($0.offset)" }.joined(separator: " ") + " END"
            layers = "(SELECT z.*, CASE WHEN z.veto IS NULL THEN z.band WHEN z.band IS NULL THEN z.veto ELSE greatest(z.band, z.veto) END AS g0 FROM (SELECT r.*, \(band) AS band FROM \(r("ranked")) r) z)"
            var current = "g0"
            for (gi, g) in rubric.grades.enumerated() {
                guard let quota = g.quota else { continue }
                let next = rubric.grades.indices.filter { $0 > gi }.map { "WHEN q.total >= \(SQLText.decimal(rubric.grades[$0].min, d)) THEN \($0)" }
                let demoted = next.isEmpty ? "CAST(NULL AS INTEGER)" : "CASE " + next.joined(separator: " ") + " END"
                // Units ranked within floor(count x quota / 100) keep the grade.
                let allowed = "floor(q.cnt * \(SQLText.decimal(quota, d)) / 100)"
                let name = "g\(gi + 1)"
                layers = "(SELECT q.*, CASE WHEN q.\(current) = \(gi) AND q.vetoed_by IS NULL AND q.rnk > \(allowed) THEN \(demoted) ELSE q.\(current) END AS \(name) FROM \(layers) q)"
                current = name
            }
            gradeIndex = current
        }
        let gradeName = rubric.grades.isEmpty ? "CAST(NULL AS \(d.text))"
            : "CASE \(gradeIndex) " + rubric.grades.enumerated().map { "WHEN \($0.offset) THEN \(d.string($0.element.name))" }.joined(separator: " ") + " END"
        let own = Set(rubric.categories.map(\.id))
        let cols = ["unit", "period", "\(d.string(rubric.meta.version)) AS version", "total", "CAST(rnk AS INTEGER) AS \(d.ident("rank"))",
                    "grp AS \(d.ident("group"))", "\(gradeName) AS grade", "vetoed_by", "combined", "adjustments"]
            + allCategories.map { own.contains($0) ? d.ident("category_" + $0) : "\(nullDecimal) AS \(d.ident("category_" + $0))" } + ["pnext", "pmonths"]
        relation("\(r("version_scores"))", "Version \(rubric.meta.version)'s rows: graded, vetoed, ranked.",
                 "SELECT " + cols.joined(separator: ", ") + " FROM \(layers) f")
    }
}
