import RubricCheck
import RubricSyntax

/// Points of rules capped over a period longer than the one they score in
/// (`cap: {max: 6, over: year}`): each event's points are granted in date
/// order until the rule's running total over the cap period reaches the
/// cap, and land in the event's own period. Each event is granted its
/// running total bounded after it minus bounded before it, so the grants of
/// one period add up to the bounded running total at its end minus that at
/// its start, whatever the order of its events: the periods' sums, taken in
/// date order, give the scores exactly, and no event needs to be kept. (A
/// period is scored by one version, so its events share one cap; the running
/// total belongs to the unit, the rule's id and the cap period, whichever
/// versions scored its periods.) Explanations show each kept event's grant,
/// in date order, ties broken by file name (code-point order) and line.
struct DateOrderGrants {
    /// Per (unit, version, rule, scope period): the points granted, raw.
    private(set) var sums: [StateKey: Int128] = [:]
    /// Per kept contribution (by index): the points granted to it.
    private(set) var granted: [Int: Fixed] = [:]
    /// Per kept contribution of a rule with occurrence steps: the number of
    /// its first occurrence in its period (in date order) and what its
    /// occurrences score (`RuleSemantics.stepPoints`).
    private(set) var stepped: [Int: (first: Int64, points: Fixed)] = [:]

    private struct Running: Hashable {
        var unit: Int32
        var rule: String
        var period: Period
    }

    init(_ acc: Accumulator, versions: [CompiledRubric], files: [String]) throws(ScoreOverflow) {
        func rule(_ k: StateKey) -> CompiledRubric.Rule { versions[Int(k.version)].rules[Int(k.rule)] }
        var byRun: [Running: [StateKey]] = [:]
        acc.slots.forEach { k, _ in
            let r = rule(k).source
            guard k.group < 0, let over = r.capOver, r.cap != nil else { return }
            byRun[Running(unit: k.unit, rule: r.id, period: Period(over, containing: k.period.start)), default: []].append(k)
        }
        try priceSteps(acc, versions: versions, files: files)
        guard !byRun.isEmpty else { return }
        // Where each period's running total starts, for the explanations.
        var start: [StateKey: Int128] = [:]
        for keys in byRun.values {
            var total: Int128 = 0
            for k in keys.sorted(by: { $0.period < $1.period }) {
                let sum = acc.slots[k]?.sum ?? 0
                start[k] = total
                sums[k] = rule(k).bounded(total + sum) - rule(k).bounded(total)
                total += sum
            }
        }
        // Each kept event's grant, in date order within its period.
        let order = Self.dateOrder(acc, files: files) { versions[$0.version].rules[$0.rule].source.capOver != nil }
        let contributions = acc.contributions
        var running: [StateKey: Int128] = [:]
        for i in order {
            let c = contributions[i]
            let rule = versions[c.version].rules[c.rule]
            guard let unit = acc.unitIds[c.unit], rule.source.cap != nil else { continue }
            let k = StateKey(unit: unit, version: Int16(c.version), rule: Int16(c.rule), period: c.period)
            let before = running[k] ?? start[k] ?? 0
            let after = before + Int128(c.points.raw)
            running[k] = after
            guard let g = Int64(exactly: rule.bounded(after) - rule.bounded(before)) else {
                throw ScoreSite(unit: c.unit, period: c.period, part: .rule(rule.source.id)).overflow
            }
            granted[i] = Fixed(raw: g)
        }
    }

    /// The kept contributions that `include` picks, in date order, ties by
    /// file name (code-point order), then line, then the order kept.
    static func dateOrder(_ acc: Accumulator, files: [String], _ include: (Contribution) -> Bool) -> [Int] {
        let contributions = acc.contributions
        var order = contributions.indices.filter { include(contributions[$0]) }
        func name(_ f: Int) -> String { f < files.count ? files[f] : "" }
        order.sort { a, b in
            let (x, y) = (contributions[a], contributions[b])
            if x.day != y.day { return x.day < y.day }
            if x.file != y.file { return name(x.file).unicodeScalars.lexicographicallyPrecedes(name(y.file).unicodeScalars) }
            return (x.line, a) < (y.line, b)
        }
        return order
    }

    /// Each kept event of a rule with occurrence steps (not capped per
    /// field value): its occurrences' numbers in its period and their points.
    mutating func priceSteps(_ acc: Accumulator, versions: [CompiledRubric], files: [String]) throws(ScoreOverflow) {
        let order = Self.dateOrder(acc, files: files) { c in
            let r = versions[c.version].rules[c.rule].source
            if case .steps = r.points { return r.capPer == nil }
            return false
        }
        var seen: [StateKey: Int64] = [:]
        for i in order {
            let c = acc.contributions[i]
            guard let unit = acc.unitIds[c.unit] else { continue }
            let rule = versions[c.version].rules[c.rule]
            let k = StateKey(unit: unit, version: Int16(c.version), rule: Int16(c.rule), period: c.period)
            let before = seen[k] ?? 0
            seen[k] = before + c.count
            guard let points = Int64(exactly: rule.stepPoints(after: before, count: c.count)) else {
                throw ScoreSite(unit: c.unit, period: c.period, part: .rule(rule.source.id)).overflow
            }
            stepped[i] = (before + 1, Fixed(raw: points))
        }
    }
}
