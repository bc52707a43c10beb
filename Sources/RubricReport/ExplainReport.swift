import RubricCheck
import RubricEval
import RubricSyntax

/// `rubric explain`: every contribution to one unit's score, laid out so
/// the arithmetic can be followed by hand, in the reader's language: rules
/// shown by their items' numbers and titles, event types by their titles,
/// periods as an office names them. `verbose` adds what an author needs:
/// rule and category ids, event type names, periods as `2024-Q1`, the hash.
public struct ExplainReport {
    let e: Evaluation
    let rubrics: [CompiledRubric]
    let index: ExplanationIndex
    let t: Labels
    let verbose: Bool

    public init(evaluation: Evaluation, rubrics: [CompiledRubric], labels: Labels, verbose: Bool = false) {
        self.e = evaluation
        self.rubrics = rubrics
        index = ExplanationIndex(evaluation)
        t = labels
        self.verbose = verbose
    }

    public func render(unit: String) -> String {
        var out = ""
        for (p, row) in index.rows(of: unit) {
            out += p.isYear ? year(p, row) : period(p, row)
            out += "\n"
        }
        return out + ScoreTables(evaluation: e, labels: t).accounting() + "\n"
    }

    /// The explanation of one unit's score in one scored period, if any.
    public func render(unit: String, period: Period) -> String? {
        guard let pi = e.periods.firstIndex(where: { $0.period == period }), let row = index.row(unit, inPeriod: pi) else { return nil }
        let p = e.periods[pi]
        return p.isYear ? year(p, row) : self.period(p, row)
    }

    func name(_ p: Period) -> String { verbose ? p.description : t.period(p) }
    /// Every term signed, zero too (`10 -2 +0 -5`), so a sum reads as written.
    func sign(_ f: Fixed) -> String { f.isNegative ? f.description : "+" + f.description }
    func kind(_ k: PeriodKind) -> String { t["kind.\(k.rawValue)"] }

    func header(_ p: PeriodScores, _ row: UnitScore) -> String {
        let v = e.versions[p.version]
        let files = ([v.file] + v.extends.reversed()).joined(separator: t["explain.extends"])
        let hash = verbose ? t("explain.hash", ["hash": String(v.sha256.prefix(12))]) : ""
        return t("explain.header", ["unit": row.unit, "period": name(p.period), "rank": String(row.rank), "count": String(p.rows.count)]) + "\n"
            + t("explain.scoredBy", ["title": v.title, "version": v.version, "effective": v.effective, "files": files, "hash": hash]) + "\n"
    }

    func ruleName(_ rule: CheckedRubric.Rule, version: Int) -> String {
        t.rule(rule, in: rubrics[version].rubric.schema, verbose: verbose)
    }

    func typeName(_ name: String, version: Int) -> String {
        t.eventType(name, in: rubrics[version].rubric.schema, verbose: verbose)
    }

    func ruleLines(_ r: RuleResult, _ p: Period, unit: String) -> String {
        let rule = rubrics[r.version].rules[r.rule].source
        var out = "    " + ruleName(rule, version: r.version) + "\n"
        if !r.missing.isEmpty {
            let a = rule.absence!
            let types = a.types.map { typeName(rubrics[r.version].rubric.schema.types[$0].name, version: r.version) }.joined(separator: t["list.separator"])
            out += "      " + t("explain.absent", ["n": String(a.atLeast), "types": types, "periods": r.missing.map(name).joined(separator: t["list.separator"]),
                                                 "points": sign(r.raw)]) + "\n"
        }
        for c in index.contributions(unit: unit, result: r, period: p) {
            let fileName = c.file < e.files.count ? e.files[c.file] : "?"
            let id = c.eventId.map { t("explain.eventId", ["id": $0]) } ?? ""
            var points = c.count == 1 ? sign(c.points) : "\(sign(c.perOccurrence)) × \(c.count) = \(sign(c.points))"
            var granted = c.granted.map { $0 == c.points ? "" : t("explain.granted", ["points": sign($0)]) } ?? ""
            if let first = c.occurrence, let stepped = c.granted {
                // Occurrence steps: which step(s) of the period the event took.
                let numbers = c.count == 1 ? String(first) : "\(first)-\(first + c.count - 1)"
                (points, granted) = (t("explain.occurrence", ["n": numbers, "kind": kind(c.period.kind), "points": sign(stepped)]), "")
            }
            out += "      \(fileName):\(c.line)\(id)  \(c.day)  \(typeName(c.type, version: r.version))  \(points)\(granted)\n"
        }
        let sum = rule.mean ? t("explain.mean", ["n": String(r.occurrences)]) : t["explain.sum"]
        if let over = rule.capOver, let cap = r.cap {
            let note = r.capped == r.raw ? t["explain.withinCap"] : t("explain.granted.over", ["points": sign(r.capped)])
            out += "      " + t("explain.capOver", ["sum": sign(r.raw), "cap": cap.description, "over": kind(over), "note": note]) + "\n"
        } else if let cap = r.cap, r.capped != r.raw {
            let cut = ((r.raw.magnitude - r.capped.magnitude) ?? .zero)
            let per = rule.capPer.map { t("explain.capPer", ["field": rubrics[r.version].rubric.schema.fields[$0].name]) } ?? ""
            out += "      " + t("explain.capped", ["how": sum, "sum": sign(r.raw), "cap": cap.description, "per": per, "scope": kind(rule.scope),
                                                  "points": sign(r.capped), "cut": cut.description]) + "\n"
        } else if rule.mean || r.events > 1 {
            out += "      \(sum) \(sign(rule.mean ? r.raw : r.points))\n"
        }
        if r.withheld != .zero {
            out += "      " + t("explain.withheld", ["bonus": sign(r.withheld), "item": r.itemNumber ?? "", "points": sign(r.points)]) + "\n"
        }
        return out
    }

    func period(_ p: PeriodScores, _ row: UnitScore) -> String {
        var out = header(p, row)
        for c in row.categories {
            let start = c.outOf ?? c.max
            let scored = c.beforeRescale ?? c.score
            let title = (verbose ? "\(c.id) " : "") + c.title
            if let outOf = c.outOf {
                out += "  " + t("explain.category.notApplicable", ["title": title, "items": c.notApplicable.joined(separator: t["list.separator"]),
                                                                  "outOf": outOf.description, "max": c.max.description]) + "\n"
            } else {
                out += "  " + t("explain.category", ["title": title, "max": c.max.description]) + "\n"
            }
            for r in c.rules { out += ruleLines(r, p.period, unit: row.unit) }
            var terms = c.rules.map { sign($0.points) }.joined(separator: " ")
            if c.bonusCut != .zero { terms += t("explain.category.bonusCut", ["cut": c.bonusCut.description]) }
            if c.rules.isEmpty {
                out += "    " + t("explain.nothing", ["score": scored.description]) + "\n"
            } else if c.unclamped != scored {
                let key = c.unclamped < scored ? "explain.floor" : "explain.ceiling"
                out += "    \(start) \(terms) = \(c.unclamped)" + t(key, ["min": c.min?.description ?? "-∞", "max": start.description, "score": scored.description]) + "\n"
            } else {
                out += "    \(start) \(terms) = \(scored)\n"
            }
            if let outOf = c.outOf {
                out += "    " + t("explain.rescaled", ["max": c.max.description, "score": scored.description, "outOf": outOf.description,
                                                       "result": c.score.description]) + "\n"
            }
        }
        out += adjustments(p, row)
        let sum = row.categories.map { $0.score.description }.joined(separator: " + ")
        out += total(row, sum: sum)
        if let g = row.grade {
            let veto = row.vetoedBy.isEmpty ? "" : t("explain.vetoedBy", ["rules": row.vetoedBy.joined(separator: t["list.separator"])])
            out += "  " + t("explain.grade", ["grade": g]) + veto + "\n"
        }
        return out
    }

    func adjustments(_ p: PeriodScores, _ row: UnitScore) -> String {
        guard !row.adjustments.isEmpty else { return "" }
        var out = "  " + t("explain.adjustments", ["kind": kind(p.period.kind)]) + "\n"
        for r in row.adjustments { out += ruleLines(r, p.period, unit: row.unit) }
        if row.bonusCut != .zero {
            out += "    " + t("explain.total.bonusCut", ["cut": row.bonusCut.description, "points": sign(row.adjustmentTotal)]) + "\n"
        }
        return out
    }

    func total(_ row: UnitScore, sum: String) -> String {
        let adj = row.adjustments.isEmpty ? "" : " \(sign(row.adjustmentTotal))"
        let bounded = row.unclamped != row.total ? t("explain.bounded", ["total": row.total.description]) : ""
        return "  " + t("explain.total", ["sum": sum + adj, "result": row.unclamped.description]) + bounded + "\n"
    }

    func year(_ p: PeriodScores, _ row: UnitScore) -> String {
        var out = header(p, row)
        for part in row.parts { out += "  " + t("explain.part", ["period": name(part.period), "total": part.total.description]) + "\n" }
        if let c = row.combination {
            let sum = c.terms.map { $0.total.description }.joined(separator: " + ")
            let how = c.rounding.map { t($0.halfUp ? "explain.roundHalfUp" : "explain.roundHalfEven", ["places": String($0.places)]) } ?? ""
            let values = ["sum": sum, "denominator": String(c.denominator), "result": c.result.description, "how": how]
            switch c.kind {
            case .mean: out += "  " + t("explain.year.mean", values) + "\n"
            case .sum: out += "  " + t("explain.year.sum", values) + "\n"
            case .weighted:
                let terms = c.terms.map { "\($0.weight) × \($0.total)" }.joined(separator: " + ")
                out += "  " + t("explain.year.weighted", values.merging(["sum": terms]) { $1 }) + "\n"
            }
        }
        out += adjustments(p, row)
        out += total(row, sum: row.combined?.description ?? "0")
        if let g = row.grade { out += "  " + t("explain.grade", ["grade": g]) + "\n" }
        return out
    }
}
