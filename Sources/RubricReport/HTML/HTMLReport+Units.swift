import RubricEval
import RubricSyntax

extension HTMLReport {
    /// One unit: its totals across periods, then every contribution.
    func unitSection(_ unit: String, _ anchor: String) -> String {
        var s = "<section class=\"unit\" id=\"\(anchor)\" data-unit=\"\(HTMLText.escape(unit))\">\n<h3>\(HTMLText.escape(unit))</h3>\n"
        let rows = index.rows(of: unit)
        s += SVGCharts.trend(rows.map { ($0.0.period.description, $0.1.total) }, title: "\(unit) \(t["quarters"])") + "\n"
        for (p, r) in rows {
            s += "<h4>\(p.period) · \(t["rank"]) \(r.rank) · \(t["total"]) \(r.total)</h4>\n"
            s += p.isYear ? yearDetail(p, r) : periodDetail(p, r)
        }
        return s + "<p class=\"top\"><a href=\"#top\">\(t["backToTop"])</a></p>\n</section>\n"
    }

    func periodDetail(_ p: PeriodScores, _ r: UnitScore) -> String {
        var s = "<table class=\"detail\">\n<thead><tr><th>\(t["category"]) / \(t["item"]) / \(t["rule"])</th><th>\(t["event"])</th><th class=\"num\">\(t["points"])</th></tr></thead>\n<tbody>\n"
        for c in r.categories {
            var note = "\(t["max"]) \(c.max)"
            if let outOf = c.outOf, let before = c.beforeRescale {
                note += " · \(t["notApplicable"]) \(c.notApplicable.joined(separator: ", ")) · \(t["rescaled"]) \(before) × \(c.max) / \(outOf) = \(c.score)"
            }
            if c.bonusCut != .zero { note += " · \(t["bonusCut"]) \(c.bonusCut)" }
            if c.unclamped != (c.beforeRescale ?? c.score) {
                note += " · \(c.unclamped) → \(t["clamp"]) [\(c.min?.description ?? "-∞"), \(c.outOf ?? c.max)]"
            }
            s += "<tr class=\"subtotal\"><td>\(HTMLText.escape(c.title))</td><td class=\"note\">\(note)</td><td class=\"num\">\(c.score)</td></tr>\n"
            for res in c.rules { s += ruleRows(res, p.period, r.unit) }
        }
        if !r.adjustments.isEmpty {
            s += "<tr class=\"subtotal\"><td>\(t["adjustments"])</td><td></td>\(signed(r.adjustmentTotal))</tr>\n"
            for res in r.adjustments { s += ruleRows(res, p.period, r.unit) }
        }
        var total = r.categories.map { $0.score.description }.joined(separator: " + ")
        if !r.adjustments.isEmpty { total += " " + (r.adjustmentTotal.isNegative ? r.adjustmentTotal.description : "+ " + r.adjustmentTotal.description) }
        if r.unclamped != r.total { total += " = \(r.unclamped) → \(t["bounded"]) \(r.total)" }
        s += "<tr class=\"subtotal\"><td>\(t["periodTotal"])</td><td class=\"note\">\(HTMLText.escape(total))</td><td class=\"num total\">\(r.total)</td></tr>\n"
        return s + "</tbody>\n</table>\n"
    }

    func ruleRows(_ res: RuleResult, _ period: Period, _ unit: String) -> String {
        let rule = rubrics[res.version].rules[res.rule].source
        let item = res.itemNumber.map { "\($0). \(rule.itemTitle ?? "")" } ?? ""
        let name = [item, rule.title ?? "", "[\(res.id)]"].filter { !$0.isEmpty }.joined(separator: " ")
        var events: [String] = []
        if !res.missing.isEmpty {
            events.append("\(t["missing"]): " + res.missing.map(\.description).joined(separator: ", "))
        }
        for c in index.contributions(unit: unit, result: res, period: period) {
            let file = c.file < e.files.count ? e.files[c.file] : "?"
            let times = c.count == 1 ? c.points.description : "\(c.perOccurrence) × \(c.count) = \(c.points)"
            var granted = c.granted.map { $0 == c.points ? "" : " → \(t["granted"]) \($0)" } ?? ""
            if let first = c.occurrence, let points = c.granted {
                granted = " → \(t["occurrence"]) \(first)\(c.count == 1 ? "" : "–\(first + c.count - 1)"): \(points)"
            }
            events.append("\(c.day) \(c.type)\(c.eventId.map { " (\($0))" } ?? "") \(times)\(granted) · \(file):\(c.line)")
        }
        if rule.mean { events.append("\(t["ruleMean"]) \(res.occurrences): \(res.raw)") }
        if let over = rule.capOver, let cap = res.cap {
            events.append("\(t["cap"]) \(cap) (\(t["per." + over.rawValue]), \(t["inDateOrder"])): \(res.raw) → \(res.capped)")
        } else if let cap = res.cap, res.capped != res.raw {
            events.append("\(t["cap"]) \(cap): \(res.raw) → \(res.capped) (\(t["capCut"]) \(((res.raw.magnitude - res.capped.magnitude) ?? .zero)))")
        }
        if res.withheld != .zero { events.append("\(t["withheld"]) \(res.withheld)") }
        let list = events.map { HTMLText.escape($0) }.joined(separator: "<br>")
        return "<tr><td>\(HTMLText.escape(name))</td><td class=\"events\">\(list)</td>\(signed(res.points))</tr>\n"
    }

    func yearDetail(_ p: PeriodScores, _ r: UnitScore) -> String {
        var s = "<table class=\"detail\">\n<tbody>\n"
        for part in r.parts { s += "<tr><td>\(part.period)</td><td></td><td class=\"num\">\(part.total)</td></tr>\n" }
        if let c = r.combination {
            var how: String
            switch c.kind {
            case .mean: how = "\(t["mean"])(\(c.terms.map { $0.total.description }.joined(separator: ", ")))"
            case .sum: how = "Σ(\(c.terms.map { $0.total.description }.joined(separator: ", ")))"
            case .weighted: how = "\(t["weightedMean"])(\(c.terms.map { "\($0.weight) × \($0.total)" }.joined(separator: ", ")))"
            }
            if let round = c.rounding { how += ", \(t[round.halfUp ? "rounded" : "roundedHalfEven"]) \(round.places) \(t["places"])" }
            s += "<tr class=\"subtotal\"><td>\(t["combined"])</td><td class=\"note\">\(HTMLText.escape(how))</td><td class=\"num\">\(c.result)</td></tr>\n"
        }
        if !r.adjustments.isEmpty {
            s += "<tr class=\"subtotal\"><td>\(t["yearAdjustments"])</td><td></td>\(signed(r.adjustmentTotal))</tr>\n"
            for res in r.adjustments { s += ruleRows(res, p.period, r.unit) }
        }
        let bounded = r.unclamped != r.total ? "\(r.unclamped) → \(t["bounded"]) \(r.total)" : ""
        s += "<tr class=\"subtotal\"><td>\(t["total"])</td><td class=\"note\">\(bounded)</td><td class=\"num total\">\(r.total)</td></tr>\n"
        return s + "</tbody>\n</table>\n"
    }
}
