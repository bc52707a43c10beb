import RubricEval
import RubricSyntax

/// `rubric explain`: every contribution to one unit's score, laid out so
/// the arithmetic can be followed by hand.
public struct ExplainReport {
    let e: Evaluation
    let rubrics: [CompiledRubric]
    let index: ExplanationIndex

    public init(evaluation: Evaluation, rubrics: [CompiledRubric]) {
        self.e = evaluation
        self.rubrics = rubrics
        index = ExplanationIndex(evaluation)
    }

    public func render(unit: String) -> String {
        var out = ""
        for (p, row) in index.rows(of: unit) {
            out += p.isYear ? year(p, row) : period(p, row)
            out += "\n"
        }
        return out + ScoreTables.accounting(e) + "\n"
    }

    /// The explanation of one unit's score in one scored period, if any.
    public func render(unit: String, period: Period) -> String? {
        guard let pi = e.periods.firstIndex(where: { $0.period == period }), let row = index.row(unit, inPeriod: pi) else { return nil }
        let p = e.periods[pi]
        return p.isYear ? year(p, row) : self.period(p, row)
    }

    func header(_ p: PeriodScores, _ row: UnitScore) -> String {
        let v = e.versions[p.version]
        return "\(row.unit) · \(p.period) · rank \(row.rank) of \(p.rows.count)\n"
            + "  scored by \(v.title) version \(v.version) (effective \(v.effective); \(([v.file] + v.extends.reversed()).joined(separator: " extends ")), sha256 \(v.sha256.prefix(12)))\n"
    }

    /// `combine: mean`: what the rule's raw total is.
    func mean(_ r: RuleResult) -> String { "mean of \(r.occurrences) occurrence\(r.occurrences == 1 ? "" : "s"):" }

    func sign(_ f: Fixed) -> String { f.isNegative ? f.description : "+" + f.description }

    func ruleLines(_ r: RuleResult, _ p: Period, unit: String) -> String {
        let rule = rubrics[r.version].rules[r.rule].source
        let item = r.itemNumber.map { "item \($0) \(rule.itemTitle ?? "")  " } ?? ""
        var out = "    \(item)[\(r.id)]\(rule.title.map { " \($0)" } ?? "")\n"
        if !r.missing.isEmpty {
            let a = rule.absence!
            let types = a.types.map { rubrics[r.version].rubric.schema.types[$0].name }.joined(separator: ", ")
            out += "      fewer than \(a.atLeast) \(types) in \(r.missing.map(\.description).joined(separator: ", ")): \(sign(r.raw)) once for the period\n"
        }
        for c in index.contributions(unit: unit, result: r, period: p) {
            let fileName = c.file < e.files.count ? e.files[c.file] : "?"
            let id = c.eventId.map { " id \($0)" } ?? ""
            var points = c.count == 1 ? sign(c.points) : "\(sign(c.perOccurrence)) x \(c.count) = \(sign(c.points))"
            var granted = c.granted.map { $0 == c.points ? "" : ", granted \(sign($0))" } ?? ""
            if let first = c.occurrence, let stepped = c.granted {
                // Occurrence steps: which step(s) of the period the event took.
                let numbers = c.count == 1 ? "occurrence \(first)" : "occurrences \(first)-\(first + c.count - 1)"
                (points, granted) = ("\(numbers) of the \(c.period.kind.rawValue): \(sign(stepped))", "")
            }
            out += "      \(fileName):\(c.line)\(id)  \(c.day)  \(c.type)  \(points)\(granted)\n"
        }
        if let over = rule.capOver, let cap = r.cap {
            let note = r.capped == r.raw ? "within the cap" : "granted \(sign(r.capped))"
            out += "      sum \(sign(r.raw)), at most \(cap) per \(over.rawValue) in date order: \(note)\n"
        } else if let cap = r.cap, r.capped != r.raw {
            let cut = ((r.raw.magnitude - r.capped.magnitude) ?? .zero)
            let per = rule.capPer.map { "per \(rubrics[r.version].rubric.schema.fields[$0].name) and " } ?? ""
            out += "      \(rule.mean ? mean(r) : "sum") \(sign(r.raw)), capped at \(cap) \(per)per \(rule.scope.rawValue): \(sign(r.capped)) (cap cut \(cut))\n"
        } else if rule.mean {
            out += "      \(mean(r)) \(sign(r.raw))\n"
        } else if r.events > 1 {
            out += "      sum \(sign(r.points))\n"
        }
        if r.withheld != .zero {
            out += "      bonus \(sign(r.withheld)) withheld: item \(r.itemNumber ?? "") deducted this period (bonus_if_no_deductions): \(sign(r.points))\n"
        }
        return out
    }

    func period(_ p: PeriodScores, _ row: UnitScore) -> String {
        var out = header(p, row)
        for c in row.categories {
            let start = c.outOf ?? c.max
            let scored = c.beforeRescale ?? c.score
            if let outOf = c.outOf {
                out += "  \(c.id) \(c.title): item\(c.notApplicable.count == 1 ? "" : "s") \(c.notApplicable.joined(separator: ", ")) not applicable (不适用): starts at \(outOf) of \(c.max)\n"
            } else {
                out += "  \(c.id) \(c.title): starts at \(c.max)\n"
            }
            for r in c.rules { out += ruleLines(r, p.period, unit: row.unit) }
            var terms = c.rules.map { sign($0.points) }.joined(separator: " ")
            if c.bonusCut != .zero { terms += " (bonuses above the category's bonus_max cut by \(c.bonusCut))" }
            if c.rules.isEmpty {
                out += "    no deductions or bonuses = \(scored)\n"
            } else if c.unclamped != scored {
                out += "    \(start) \(terms) = \(c.unclamped), clamped to [\(c.min?.description ?? "-∞"), \(start)]: \(scored)\n"
            } else {
                out += "    \(start) \(terms) = \(scored)\n"
            }
            if let outOf = c.outOf {
                out += "    rescaled to \(c.max): \(scored) x \(c.max) / \(outOf) = \(c.score)\n"
            }
        }
        if !row.adjustments.isEmpty {
            out += "  adjustments of the \(p.period.kind.rawValue) total:\n"
            for r in row.adjustments { out += ruleLines(r, p.period, unit: row.unit) }
            if row.bonusCut != .zero { out += "    bonuses above the total's bonus_max cut by \(row.bonusCut): \(sign(row.adjustmentTotal))\n" }
        }
        let sum = row.categories.map { $0.score.description }.joined(separator: " + ")
        let adj = row.adjustments.isEmpty ? "" : " \(sign(row.adjustmentTotal))"
        out += "  total: \(sum)\(adj) = \(row.unclamped)"
        out += row.unclamped != row.total ? ", bounded to \(row.total)\n" : "\n"
        if let g = row.grade { out += "  grade: \(g)\(row.vetoedBy.isEmpty ? "" : " (vetoed by \(row.vetoedBy.joined(separator: ", ")))")\n" }
        return out
    }

    func year(_ p: PeriodScores, _ row: UnitScore) -> String {
        var out = header(p, row)
        for part in row.parts { out += "  \(part.period): \(part.total)\n" }
        if let c = row.combination {
            let sum = c.terms.map { $0.total.description }.joined(separator: " + ")
            let how = c.rounding.map { ", rounded \($0.halfUp ? "half up" : "half even") to \($0.places) decimals" } ?? ""
            switch c.kind {
            case .mean:
                out += "  mean: (\(sum)) / \(c.denominator) = \(c.result)\(how)\n"
            case .sum:
                out += "  sum: \(sum) = \(c.result)\(how)\n"
            case .weighted:
                let terms = c.terms.map { "\($0.weight) × \($0.total)" }.joined(separator: " + ")
                out += "  weighted mean: (\(terms)) / \(c.denominator) = \(c.result)\(how)\n"
            }
        }
        if !row.adjustments.isEmpty {
            out += "  adjustments of the year total:\n"
            for r in row.adjustments { out += ruleLines(r, p.period, unit: row.unit) }
            if row.bonusCut != .zero { out += "    bonuses above the year's bonus_max cut by \(row.bonusCut): \(sign(row.adjustmentTotal))\n" }
        }
        out += "  total: \(row.combined?.description ?? "0")\(row.adjustments.isEmpty ? "" : " \(sign(row.adjustmentTotal))") = \(row.unclamped)"
        out += row.unclamped != row.total ? ", bounded to \(row.total)\n" : "\n"
        if let g = row.grade { out += "  grade: \(g)\n" }
        return out
    }
}
