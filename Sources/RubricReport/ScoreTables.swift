import RubricEval
import RubricSyntax

/// `--format table`, `csv` and `markdown`: the league tables.
public enum ScoreTables {
    public static func heading(_ p: PeriodScores, _ e: Evaluation) -> String {
        let v = e.versions[p.version]
        return "\(p.period)  \(v.title)  version \(v.version)"
    }

    static let textColumns: Set<String> = ["unit", "group", "grade"]

    static func columns(_ p: PeriodScores) -> [String] {
        var h = ["rank", "unit"]
        if p.rows.contains(where: { $0.group != nil }) { h.insert("group", at: 0) }
        h += p.categories.map(\.id)
        if p.isYear { h.append("combined") }
        h += ["adjustments", "total"]
        if p.rows.contains(where: { $0.grade != nil }) { h.append("grade") }
        return h
    }

    static func cells(_ p: PeriodScores, _ r: UnitScore) -> [String] {
        var c = [String(r.rank), r.unit]
        if p.rows.contains(where: { $0.group != nil }) { c.insert(r.group ?? "", at: 0) }
        c += r.categories.map { $0.score.description }
        if p.isYear { c.append(r.combined?.description ?? "") }
        c += [r.adjustmentTotal.description, r.total.description]
        if p.rows.contains(where: { $0.grade != nil }) { c.append(r.grade ?? "") }
        return c
    }

    public static func table(_ e: Evaluation) -> String {
        var out = ""
        for p in e.periods {
            out += Quoting.terminal(heading(p, e)) + "\n"
            let h = columns(p)
            var t = TextTable(header: h)
            t.rightAligned = Set(h.indices.filter { !textColumns.contains(h[$0]) })
            t.rows = p.rows.map { cells(p, $0) }
            out += t.render() + "\n"
        }
        if e.periods.isEmpty { out += "no periods to score (no accepted events)\n\n" }
        out += accounting(e) + "\n"
        return out
    }

    public static func accounting(_ e: Evaluation) -> String {
        let a = e.accounting
        var s = "events: read \(a.read) = scored \(a.scored) + rejected \(a.rejected) + after as-of \(a.afterAsOf)"
        if let asOf = e.asOf { s += " (as of \(asOf))" }
        return s
    }

    public static func csv(_ e: Evaluation) -> String {
        var categoryIds: [String] = []
        for p in e.periods { for c in p.categories where !categoryIds.contains(c.id) { categoryIds.append(c.id) } }
        let hasGrades = e.periods.contains { $0.rows.contains { $0.grade != nil } }
        let hasGroups = e.periods.contains { $0.rows.contains { $0.group != nil } }
        var out = (["unit", "period", "version", "rank", "total", "adjustments", "combined"] + categoryIds + (hasGrades ? ["grade"] : []) + (hasGroups ? ["group"] : []))
            .map { Quoting.csv($0, for: .spreadsheet) }.joined(separator: ",") + "\n"
        for p in e.periods {
            for r in p.rows {
                var cells = [r.unit, p.period.description, e.versions[p.version].version, String(r.rank), r.total.description,
                             r.adjustmentTotal.description, r.combined?.description ?? ""]
                for id in categoryIds { cells.append(r.categories.first { $0.id == id }?.score.description ?? "") }
                if hasGrades { cells.append(r.grade ?? "") }
                if hasGroups { cells.append(r.group ?? "") }
                out += cells.map { Quoting.csv($0, for: .spreadsheet) }.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    public static func markdown(_ e: Evaluation) -> String {
        var out = ""
        for p in e.periods {
            out += "## " + Quoting.markdownCell(heading(p, e)) + "\n\n"
            let h = columns(p)
            out += "| " + h.map(Quoting.markdownCell).joined(separator: " | ") + " |\n"
            out += "|" + h.map { textColumns.contains($0) ? " --- |" : " ---: |" }.joined() + "\n"
            for r in p.rows { out += "| " + cells(p, r).map(Quoting.markdownCell).joined(separator: " | ") + " |\n" }
            out += "\n"
        }
        out += "_" + accounting(e) + "_\n"
        return out
    }
}
