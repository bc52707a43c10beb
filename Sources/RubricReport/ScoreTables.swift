import RubricEval
import RubricSyntax

/// `--format table`, `csv` and `markdown`: the league tables, in the words
/// of the reader's language (`Labels`): columns titled as the rubric titles
/// its categories, periods named as an office names them. `verbose` shows
/// what an author needs instead: category ids and periods as `2024-Q1`.
public struct ScoreTables {
    let e: Evaluation
    let t: Labels
    let verbose: Bool

    public init(evaluation: Evaluation, labels: Labels, verbose: Bool = false) {
        e = evaluation
        t = labels
        self.verbose = verbose
    }

    func periodName(_ p: Period) -> String { verbose ? p.description : t.period(p) }

    public func heading(_ p: PeriodScores) -> String {
        let v = e.versions[p.version]
        return t("table.heading", ["period": periodName(p.period), "title": v.title, "version": v.version])
    }

    enum Column { case text(String), number(String) }

    func columns(_ p: PeriodScores) -> [Column] {
        var h: [Column] = [.number(t["col.rank"]), .text(t["col.unit"])]
        if p.rows.contains(where: { $0.group != nil }) { h.insert(.text(t["col.group"]), at: 0) }
        h += p.categories.map { .number(verbose ? $0.id : $0.title) }
        if p.isYear { h.append(.number(t["col.combined"])) }
        h += [.number(t["adjustments"]), .number(t["col.total"])]
        if p.rows.contains(where: { $0.grade != nil }) { h.append(.text(t["col.grade"])) }
        return h
    }

    func cells(_ p: PeriodScores, _ r: UnitScore) -> [String] {
        var c = [String(r.rank), r.unit]
        if p.rows.contains(where: { $0.group != nil }) { c.insert(r.group ?? "", at: 0) }
        c += r.categories.map { $0.score.description }
        if p.isYear { c.append(r.combined?.description ?? "") }
        c += [r.adjustmentTotal.description, r.total.description]
        if p.rows.contains(where: { $0.grade != nil }) { c.append(r.grade ?? "") }
        return c
    }

    static func name(_ c: Column) -> String { switch c { case .text(let s), .number(let s): s } }

    public func table() -> String {
        var out = ""
        for p in e.periods {
            out += Quoting.terminal(heading(p)) + "\n"
            let h = columns(p)
            var table = TextTable(header: h.map(Self.name))
            table.rightAligned = Set(h.indices.filter { if case .number = h[$0] { true } else { false } })
            table.rows = p.rows.map { cells(p, $0) }
            out += table.render() + "\n"
        }
        if e.periods.isEmpty { out += t["table.noPeriods"] + "\n\n" }
        out += accounting() + "\n"
        return out
    }

    /// How many records were read and what became of each: read = scored + rejected + after the as-of date.
    public func accounting() -> String {
        let a = e.accounting
        let asOf = e.asOf.map { t("accounting.asOf", ["date": $0.description]) } ?? ""
        return t("accounting", ["read": String(a.read), "scored": String(a.scored), "rejected": String(a.rejected),
                                "after": String(a.afterAsOf), "asOf": asOf])
    }

    public func csv() -> String {
        var categories: [(id: String, title: String)] = []
        for p in e.periods { for c in p.categories where !categories.contains(where: { $0.id == c.id }) { categories.append((c.id, c.title)) } }
        let hasGrades = e.periods.contains { $0.rows.contains { $0.grade != nil } }
        let hasGroups = e.periods.contains { $0.rows.contains { $0.group != nil } }
        var header = ["col.unit", "col.period", "version", "col.rank", "col.total", "adjustments", "col.combined"].map { t[$0] }
        header += categories.map { verbose ? $0.id : $0.title }
        header += (hasGrades ? [t["col.grade"]] : []) + (hasGroups ? [t["col.group"]] : [])
        var out = header.map { Quoting.csv($0, for: .spreadsheet) }.joined(separator: ",") + "\n"
        for p in e.periods {
            for r in p.rows {
                var cells = [r.unit, periodName(p.period), e.versions[p.version].version, String(r.rank), r.total.description,
                             r.adjustmentTotal.description, r.combined?.description ?? ""]
                for c in categories { cells.append(r.categories.first { $0.id == c.id }?.score.description ?? "") }
                if hasGrades { cells.append(r.grade ?? "") }
                if hasGroups { cells.append(r.group ?? "") }
                out += cells.map { Quoting.csv($0, for: .spreadsheet) }.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    public func markdown() -> String {
        var out = ""
        for p in e.periods {
            out += "## " + Quoting.markdownCell(heading(p)) + "\n\n"
            let h = columns(p)
            out += "| " + h.map { Quoting.markdownCell(Self.name($0)) }.joined(separator: " | ") + " |\n"
            out += "|" + h.map { if case .number = $0 { " ---: |" } else { " --- |" } }.joined() + "\n"
            for r in p.rows { out += "| " + cells(p, r).map(Quoting.markdownCell).joined(separator: " | ") + " |\n" }
            out += "\n"
        }
        out += "_" + Quoting.markdownCell(accounting()) + "_\n"
        return out
    }
}
