import RubricEval
import RubricSyntax

/// `rubric report`: one self-contained HTML file (no scripts, fonts or
/// network) with each period's ranked table and bar chart, and per unit a
/// drill-down of every deduction and bonus, as `explain` gives them. Made to
/// be printed (A4, see `HTMLStyle`) as well as read on screen; the words are
/// the catalog's, titles the rules', ids and file hashes kept out of the
/// reader's way (the hash is in the footer).
public struct HTMLReport {
    let e: Evaluation
    let rubrics: [CompiledRubric]
    let t: Labels
    /// Units in the order of the last period's ranking, with their anchors.
    let units: [(name: String, anchor: String)]
    let anchors: [String: String]
    let index: ExplanationIndex
    /// Each version's rules and event types as the details name them, escaped:
    /// worked out once, not for each of a million rows (`ruleRows`).
    let ruleLabels: [[String]]
    let typeLabels: [[String: String]]

    public init(evaluation: Evaluation, rubrics: [CompiledRubric], labels: Labels) {
        e = evaluation
        self.rubrics = rubrics
        t = labels
        let order = (evaluation.periods.last?.rows.map(\.unit) ?? [])
        units = order.enumerated().map { ($1, "u\($0 + 1)") }
        anchors = Dictionary(units.map { ($0.name, $0.anchor) }, uniquingKeysWith: { a, _ in a })
        index = ExplanationIndex(evaluation)
        ruleLabels = rubrics.map { r in r.rules.map { HTMLText.escape(labels.rule($0.source, in: r.rubric.schema, verbose: false)) } }
        typeLabels = rubrics.map { r in
            Dictionary(r.rubric.schema.types.map { ($0.name, HTMLText.escape(labels.eventType($0.name, in: r.rubric.schema, verbose: false))) },
                       uniquingKeysWith: { a, _ in a })
        }
    }

    func anchor(_ unit: String) -> String { anchors[unit] ?? "units" }

    /// The page. With more than one thread the units' details (most of a
    /// large report) are written side by side, each unit's the same
    /// whichever thread writes it, and put together in order.
    public func render(threads: Int = 1) -> String {
        let title = rubrics.first?.rubric.meta.title ?? t["report"]
        var html = "<!DOCTYPE html>\n<html lang=\"\(t.language == .zh ? "zh-CN" : "en")\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(HTMLText.escape(title)) · \(t["report"])</title>\n"
        html += "<style>\n\(HTMLStyle.css(title: title + " · " + t["report"], pageWords: pageNumbers()))\n</style>\n</head>\n<body>\n"
        html += header(title)
        html += "<main>\n"
        for p in e.periods { html += period(p) }
        html += "<h2 id=\"units\">\(t["units"]) · \(t["details"])</h2>\n"
        // Read only, by every thread.
        nonisolated(unsafe) let report = self
        let chunks = threads > 1 ? min(units.count, threads * 16) : 1
        let sections = IndexedResults<String>.map(chunks, threads: threads) { c in
            let part = report.units[(report.units.count * c / chunks)..<(report.units.count * (c + 1) / chunks)]
            var s = ""
            // Room for about what the part will hold (a line of about a hundred bytes per event), made once.
            s.reserveCapacity(report.e.contributions.count * part.count / max(1, report.units.count) * 100 + part.count * 2048)
            for u in part { report.unitSection(u.name, u.anchor, into: &s) }
            return s
        }
        // Room for the whole page at once (a large report's is 160 MB: grown by doubling, it was
        // copied and its memory faulted in again at each step).
        html.reserveCapacity(html.utf8.count + sections.reduce(0) { $0 + $1.utf8.count } + 65536)
        for s in sections { html += s }
        html += "</main>\n" + footer() + "</body>\n</html>\n"
        return html
    }

    /// The printed page's number, as the catalog words it (第 3 页，共 12 页): CSS counters between quoted words.
    func pageNumbers() -> String {
        t.pieces("page.numbers").map { piece in
            switch piece {
            case .text(let s): Quoting.cssString(s)
            case .placeholder(let name): name == "pages" ? "counter(pages)" : "counter(page)"
            }
        }.joined(separator: " ")
    }

    func header(_ title: String) -> String {
        var h = "<header id=\"top\">\n<h1>\(HTMLText.escape(title))</h1>\n<p class=\"meta\">\(t["report"])</p>\n"
        for v in e.versions {
            h += "<dl class=\"meta\"><dt>\(t["version"])</dt><dd>\(HTMLText.escape(v.version))</dd>"
                + "<dt>\(t["effective"])</dt><dd>\(v.effective)</dd></dl>\n"
        }
        let a = e.accounting
        h += "<dl class=\"meta\" id=\"accounting\" data-read=\"\(a.read)\" data-scored=\"\(a.scored)\" data-rejected=\"\(a.rejected)\" data-after-as-of=\"\(a.afterAsOf)\">"
        if let asOf = e.asOf { h += "<dt>\(t["asOf"])</dt><dd>\(asOf)</dd>" }
        h += "<dt>\(t["events"])</dt><dd>\(t["read"]) \(a.read) = \(t["scored"]) \(a.scored) + \(t["rejected"]) \(a.rejected) + \(t["afterAsOf"]) \(a.afterAsOf)</dd></dl>\n"
        h += "<nav>" + e.periods.map { "<a href=\"#p-\($0.period)\">\(HTMLText.escape(t.period($0.period)))</a>" }.joined()
            + "<a href=\"#units\">\(t["units"])</a></nav>\n</header>\n"
        return h
    }

    /// What an author needs to reproduce the scores: the files and their hashes, out of the reader's way.
    func footer() -> String {
        var f = "<footer class=\"note\">\n"
        for v in e.versions {
            f += "<dl class=\"meta\"><dt>\(t["version"])</dt><dd>\(HTMLText.escape(v.version))</dd>"
                + "<dt>\(t["file"])</dt><dd>\(HTMLText.escape(([v.file] + v.extends.reversed()).joined(separator: " ← ")))</dd>"
                + "<dt>\(t["sha256"])</dt><dd class=\"hash\">\(v.sha256)</dd></dl>\n"
        }
        return f + "<p>\(t["generated"]) rubric</p>\n</footer>\n"
    }

    /// How a row is marked: vetoed (一票否决) or in the rubric's lowest grade.
    func mark(_ r: UnitScore, _ p: PeriodScores) -> (cls: String, words: String)? {
        if !r.vetoedBy.isEmpty { return ("vetoed", t["vetoedBy"]) }
        let grades = p.version < rubrics.count ? rubrics[p.version].rubric.grades : []
        if grades.count > 1, let g = r.grade, g == grades.last?.name { return ("failing", g) }
        return nil
    }

    func period(_ p: PeriodScores) -> String {
        let v = e.versions[p.version]
        let name = HTMLText.escape(t.period(p.period))
        let wide = p.categories.count > HTMLStyle.portraitCategories
        var s = "<section class=\"period\(wide ? " wide" : "")\" id=\"p-\(p.period)\" data-period=\"\(p.period)\">\n<h2>\(name)</h2>\n"
        s += "<p class=\"note\">\(t["scoredBy"]) \(HTMLText.escape(v.title)) \(t["version"]) \(HTMLText.escape(v.version))</p>\n"
        let grades = p.rows.contains { $0.grade != nil }
        let groups = p.rows.contains { $0.group != nil }
        var head = (groups ? "<th>\(t["group"])</th>" : "") + "<th class=\"num\">\(t["rank"])</th><th>\(t["unit"])</th>"
        head += p.categories.map { "<th class=\"num cat\">\(HTMLText.breakable($0.title))<br>(\($0.max))</th>" }.joined()
        if p.isYear { head += "<th class=\"num\">\(t["combined"])</th>" }
        head += "<th class=\"num\">\(t["adjustments"])</th><th class=\"num\">\(t["total"])</th>" + (grades ? "<th>\(t["grade"])</th>" : "")
        s += "<div class=\"table-wrap\"><table class=\"scores\">\n<thead><tr>\(head)</tr></thead>\n<tbody>\n"
        for r in p.rows {
            let m = mark(r, p)
            s += "<tr\(m.map { " class=\"\($0.cls)\"" } ?? "") data-unit=\"\(HTMLText.escape(r.unit))\" data-total=\"\(r.total)\" data-rank=\"\(r.rank)\">"
            if groups { s += HTMLText.cell(r.group ?? "") }
            s += HTMLText.cell(String(r.rank), numeric: true) + "<td class=\"unit\"><a href=\"#\(anchor(r.unit))\">\(HTMLText.escape(r.unit))</a></td>"
            s += r.categories.map { HTMLText.cell($0.score.description, numeric: true) }.joined()
            if p.isYear { s += HTMLText.cell(r.combined?.description ?? "", numeric: true) }
            s += signed(r.adjustmentTotal) + "<td class=\"num total\">\(r.total)</td>"
                + (grades ? HTMLText.cell((r.grade ?? "") + (r.vetoedBy.isEmpty ? "" : " (\(t["vetoedBy"]))")) : "") + "</tr>\n"
        }
        s += "</tbody>\n</table></div>\n"
        let rows = p.rows.map { r in (r.unit, r.total, anchor(r.unit), mark(r, p)) }
        s += SVGCharts.totals(rows.map { (label: $0.0, value: $0.1, link: $0.2, mark: $0.3) }, title: "\(t.period(p.period)) \(t["chart"])") + "\n"
        let marks = Set(rows.compactMap { $0.3?.cls })
        if !marks.isEmpty {
            s += "<p class=\"legend\">" + ["vetoed", "failing"].filter(marks.contains).map { "<span class=\"\($0)\">■ \(t["legend." + $0])</span>" }.joined(separator: "　") + "</p>\n"
        }
        return s + "</section>\n"
    }

    func signed(_ f: Fixed) -> String {
        let cls = f.isNegative ? "num neg" : (f == .zero ? "num" : "num pos")
        return "<td class=\"\(cls)\">\(Labels.signed(f))</td>"
    }
}
