import RubricEval
import RubricSyntax

extension HTMLReport {
    /// One unit's details: per period, only what the league tables do not
    /// say: each deduction and bonus with its events, and the notes that
    /// explain a category's score (不适用, 扣完为止, bonuses cut).
    func unitSection(_ unit: String, _ anchor: String) -> String {
        var s = "<section class=\"unit\" id=\"\(anchor)\" data-unit=\"\(HTMLText.escape(unit))\">\n<h3>\(HTMLText.escape(unit))</h3>\n"
        let rows = index.rows(of: unit)
        s += SVGCharts.trend(rows.map { (t.period($0.0.period), $0.1.total) }, title: "\(unit) \(t["quarters"])") + "\n"
        s += "<table class=\"detail\">\n<thead><tr><th>\(t["item"]) / \(t["rule"])</th><th>\(t["event"])</th><th class=\"num\">\(t["points"])</th></tr></thead>\n<tbody>\n"
        for (p, r) in rows {
            s += "<tr class=\"when\"><td colspan=\"2\">\(HTMLText.escape(t.period(p.period))) · \(t["rank"]) \(r.rank)</td><td class=\"num total\">\(r.total)</td></tr>\n"
            s += p.isYear ? yearDetail(p, r) : periodDetail(p, r)
        }
        return s + "</tbody>\n</table>\n<p class=\"top\"><a href=\"#top\">\(t["backToTop"])</a></p>\n</section>\n"
    }

    func note(_ label: String, _ text: String, _ points: String = "") -> String {
        "<tr class=\"subtotal\"><td>\(HTMLText.escape(label))</td><td class=\"note\">\(HTMLText.escape(text))</td><td class=\"num\">\(points)</td></tr>\n"
    }

    func periodDetail(_ p: PeriodScores, _ r: UnitScore) -> String {
        var s = ""
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
            for res in c.rules { s += ruleRows(res, p.period, r.unit) }
        }
        for res in r.adjustments { s += ruleRows(res, p.period, r.unit) }
        if r.bonusCut != .zero { s += note(t["adjustments"], "\(t["bonusCut"]) \(r.bonusCut)", Labels.signed(r.adjustmentTotal)) }
        if r.categories.allSatisfy({ $0.rules.isEmpty }) && r.adjustments.isEmpty { s += note("", t["noDetails.period"]) }
        if r.unclamped != r.total { s += note(t["periodTotal"], "\(r.unclamped) → \(t["bounded"]) \(r.total)", r.total.description) }
        return s
    }

    func ruleRows(_ res: RuleResult, _ period: Period, _ unit: String) -> String {
        let rule = rubrics[res.version].rules[res.rule].source
        let schema = rubrics[res.version].rubric.schema
        var events: [String] = []
        if !res.missing.isEmpty {
            events.append("\(t["missing"]): " + res.missing.map { t.period($0) }.joined(separator: t["list.separator"]))
        }
        for c in index.contributions(unit: unit, result: res, period: period) {
            let times = c.count == 1 ? c.points.description : "\(c.perOccurrence) × \(c.count) = \(c.points)"
            var granted = c.granted.map { $0 == c.points ? "" : " → \(t["granted"]) \($0)" } ?? ""
            if let first = c.occurrence, let points = c.granted {
                granted = " → \(t["occurrence"]) \(first)\(c.count == 1 ? "" : "–\(first + c.count - 1)"): \(points)"
            }
            // The record's own id where the log has one; else where it is.
            let file = c.file < e.files.count ? e.files[c.file] : "?"
            let source = c.eventId.map { " (\($0))" } ?? " (\(file):\(c.line))"
            events.append("\(c.day) \(t.eventType(c.type, in: schema, verbose: false))\(source) \(times)\(granted)")
        }
        if rule.mean { events.append("\(t["ruleMean"]) \(res.occurrences): \(res.raw)") }
        if let over = rule.capOver, let cap = res.cap {
            events.append("\(t["cap"]) \(cap) (\(t["per." + over.rawValue]), \(t["inDateOrder"])): \(res.raw) → \(res.capped)")
        } else if let cap = res.cap, res.capped != res.raw {
            events.append("\(t["cap"]) \(cap): \(res.raw) → \(res.capped) (\(t["capCut"]) \(((res.raw.magnitude - res.capped.magnitude) ?? .zero)))")
        }
        if res.withheld != .zero { events.append("\(t["withheld"]) \(res.withheld)") }
        let list = events.map { HTMLText.escape($0) }.joined(separator: "<br>")
        return "<tr><td>\(HTMLText.escape(t.rule(rule, in: schema, verbose: false)))</td><td class=\"events\">\(list)</td>\(signed(res.points))</tr>\n"
    }

    func yearDetail(_ p: PeriodScores, _ r: UnitScore) -> String {
        var s = ""
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
            for res in r.adjustments { s += ruleRows(res, p.period, r.unit) }
            if r.bonusCut != .zero { s += note(t["yearAdjustments"], "\(t["bonusCut"]) \(r.bonusCut)", Labels.signed(r.adjustmentTotal)) }
        }
        if r.unclamped != r.total { s += note(t["total"], "\(r.unclamped) → \(t["bounded"]) \(r.total)", r.total.description) }
        return s
    }
}
