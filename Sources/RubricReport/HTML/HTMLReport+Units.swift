import RubricEval
import RubricSyntax

extension HTMLReport {
    /// One unit's details: per period, only what the league tables do not
    /// say: each deduction and bonus with its events, and the notes that
    /// explain a category's score (不适用, 扣完为止, bonuses cut).
    func unitSection(_ unit: String, _ anchor: String, into s: inout String) {
        s += "<section class=\"unit\" id=\"\(anchor)\" data-unit=\"\(HTMLText.escape(unit))\">\n<h3>\(HTMLText.escape(unit))</h3>\n"
        let rows = index.rows(of: unit)
        s += SVGCharts.trend(rows.map { (t.period($0.0.period), $0.1.total) }, title: "\(unit) \(t["quarters"])") + "\n"
        s += "<table class=\"detail\">\n<thead><tr><th>\(t["item"]) / \(t["rule"])</th><th>\(t["event"])</th><th class=\"num\">\(t["points"])</th></tr></thead>\n<tbody>\n"
        for (p, r) in rows {
            s += "<tr class=\"when\"><td colspan=\"2\">\(HTMLText.escape(t.period(p.period))) · \(t["rank"]) \(r.rank)</td><td class=\"num total\">\(r.total)</td></tr>\n"
            if p.isYear { yearDetail(p, r, into: &s) } else { periodDetail(p, r, into: &s) }
        }
        s += "</tbody>\n</table>\n<p class=\"top\"><a href=\"#top\">\(t["backToTop"])</a></p>\n</section>\n"
    }

    func note(_ label: String, _ text: String, _ points: String = "") -> String {
        "<tr class=\"subtotal\"><td>\(HTMLText.escape(label))</td><td class=\"note\">\(HTMLText.escape(text))</td><td class=\"num\">\(points)</td></tr>\n"
    }

    func periodDetail(_ p: PeriodScores, _ r: UnitScore, into s: inout String) {
        for c in r.categories {
            var notes: [String] = []
            let scored = c.beforeRescale ?? c.score
            if c.bonusCut != .zero { notes.append("\(t["bonusCut"]) \(c.bonusCut)") }
            if c.unclamped != scored {
                notes.append(t(c.unclamped < scored ? "note.floor" : "note.ceiling", ["points": c.unclamped.description, "score": scored.description]))
            }
            if let outOf = c.outOf {
                notes.append("\(t["notApplicable"]) \(c.notApplicable.joined(separator: t["list.separator"])) · \(t["rescaled"]) \(scored) × \(c.max) / \(outOf) = \(c.score)")
            }
            if !notes.isEmpty { s += note(c.title, "\(t["max"]) \(c.max) · " + notes.joined(separator: " · "), c.score.description) }
            for res in c.rules { ruleRows(res, p.period, r.unit, into: &s) }
        }
        for res in r.adjustments { ruleRows(res, p.period, r.unit, into: &s) }
        if r.bonusCut != .zero { s += note(t["adjustments"], "\(t["bonusCut"]) \(r.bonusCut)", Labels.signed(r.adjustmentTotal)) }
        if r.categories.allSatisfy({ $0.rules.isEmpty }) && r.adjustments.isEmpty { s += note("", t["noDetails.period"]) }
        if r.unclamped != r.total { s += note(t["periodTotal"], "\(r.unclamped) → \(t["bounded"]) \(r.total)", r.total.description) }
    }

    /// A rule's row: its events, one a line, and how its points were made.
    /// Written straight into the unit's section (a large report has a
    /// million of these lines), each piece escaped as it goes in.
    func ruleRows(_ res: RuleResult, _ period: Period, _ unit: String, into s: inout String) {
        let rule = rubrics[res.version].rules[res.rule].source
        s += "<tr><td>\(ruleLabels[res.version][res.rule])</td><td class=\"events\">"
        var first = true
        /// Starts a line of the events cell.
        func newLine() {
            if !first { s += "<br>" }
            first = false
        }
        func line(_ text: String) {
            newLine()
            s += HTMLText.escape(text)
        }
        if !res.missing.isEmpty {
            line("\(t["missing"]): " + res.missing.map { t.period($0) }.joined(separator: t["list.separator"]))
        }
        let types = typeLabels[res.version]
        for i in index.contributionIndices(unit: unit, result: res, period: period) {
            let c = e.contributions[i]
            newLine()
            s += c.day.description
            s += " "
            s += types[c.type] ?? HTMLText.escape(c.type)
            // The record's own id where the log has one; else where it is.
            if let id = c.eventId {
                s += " ("
                s += HTMLText.escape(id)
                s += ") "
            } else {
                s += HTMLText.escape(" (\(c.file < e.files.count ? e.files[c.file] : "?"):\(c.line)) ")
            }
            s += c.count == 1 ? c.points.description : "\(c.perOccurrence) × \(c.count) = \(c.points)"
            if let from = c.occurrence, let points = c.granted {
                s += HTMLText.escape(" → \(t["occurrence"]) \(from)\(c.count == 1 ? "" : "–\(from + c.count - 1)"): \(points)")
            } else if let granted = c.granted, granted != c.points {
                s += HTMLText.escape(" → \(t["granted"]) \(granted)")
            }
        }
        if rule.mean { line("\(t["ruleMean"]) \(res.occurrences): \(res.raw)") }
        if let over = rule.capOver, let cap = res.cap {
            line("\(t["cap"]) \(cap) (\(t["per." + over.rawValue]), \(t["inDateOrder"])): \(res.raw) → \(res.capped)")
        } else if let cap = res.cap, res.capped != res.raw {
            line("\(t["cap"]) \(cap): \(res.raw) → \(res.capped) (\(t["capCut"]) \(((res.raw.magnitude - res.capped.magnitude) ?? .zero)))")
        }
        if res.withheld != .zero { line("\(t["withheld"]) \(res.withheld)") }
        s += "</td>\(signed(res.points))</tr>\n"
    }

    func yearDetail(_ p: PeriodScores, _ r: UnitScore, into s: inout String) {
        if let c = r.combination {
            var how: String
            switch c.kind {
            case .mean: how = "\(t["mean"])(\(c.terms.map { $0.total.description }.joined(separator: ", ")))"
            case .sum: how = "Σ(\(c.terms.map { $0.total.description }.joined(separator: ", ")))"
            case .weighted: how = "\(t["weightedMean"])(\(c.terms.map { "\($0.weight) × \($0.total)" }.joined(separator: ", ")))"
            }
            if let round = c.rounding { how += ", \(t[round.halfUp ? "rounded" : "roundedHalfEven"]) \(round.places) \(t["places"])" }
            s += note(t["combined"], how, c.result.description)
        }
        if !r.adjustments.isEmpty {
            for res in r.adjustments { ruleRows(res, p.period, r.unit, into: &s) }
            if r.bonusCut != .zero { s += note(t["yearAdjustments"], "\(t["bonusCut"]) \(r.bonusCut)", Labels.signed(r.adjustmentTotal)) }
        }
        if r.unclamped != r.total { s += note(t["total"], "\(r.unclamped) → \(t["bounded"]) \(r.total)", r.total.description) }
    }
}
