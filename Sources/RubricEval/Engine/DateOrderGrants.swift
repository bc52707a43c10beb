import RubricSyntax

/// Points of rules capped over a period longer than the one they score in
/// (`cap: {max: 6, over: year}`): each event's points are granted in date
/// order (ties by file name in code-point order, then line) until the
/// rule's total over the cap period reaches the cap, and land in the event's
/// own period. The running total belongs to the unit, the rule's id and the
/// cap period, whichever versions scored the events; each event is bounded
/// by the cap of the version that scored it (granted = the running total
/// bounded after it minus bounded before it). The readers keep these rules'
/// events as contributions, so the result does not depend on how the log is
/// split into files, parts or threads.
struct DateOrderGrants {
    /// Per (unit, version, rule, scope period): the points granted, raw.
    private(set) var sums: [StateKey: Int128] = [:]
    /// Per contribution (by index): the points granted to it.
    private(set) var granted: [Int: Fixed] = [:]

    init(_ acc: Accumulator, versions: [CompiledRubric], files: [String]) throws(ScoreOverflow) {
        var order: [Int] = []
        for (i, c) in acc.contributions.enumerated() where versions[c.version].rules[c.rule].source.capOver != nil { order.append(i) }
        guard !order.isEmpty else { return }
        let contributions = acc.contributions
        func name(_ f: Int) -> String { f < files.count ? files[f] : "" }
        order.sort { a, b in
            let (x, y) = (contributions[a], contributions[b])
            if x.day != y.day { return x.day < y.day }
            if x.file != y.file { return name(x.file).unicodeScalars.lexicographicallyPrecedes(name(y.file).unicodeScalars) }
            return (x.line, a) < (y.line, b)
        }
        struct Running: Hashable {
            var unit: Int32
            var rule: String
            var period: Period
        }
        var running: [Running: Int128] = [:]
        for i in order {
            let c = contributions[i]
            let rule = versions[c.version].rules[c.rule].source
            guard let over = rule.capOver, let cap = rule.cap, let unit = acc.unitIds[c.unit] else { continue }
            let key = Running(unit: unit, rule: rule.id, period: Period(over, containing: c.day))
            let before = running[key] ?? 0
            let after = before + Int128(c.points.raw)
            running[key] = after
            let bound = Int128(cap.raw)
            func bounded(_ x: Int128) -> Int128 { min(max(x, -bound), bound) }
            let g = bounded(after) - bounded(before)
            guard let exact = Int64(exactly: g) else {
                throw ScoreSite(unit: c.unit, period: c.period, part: "rule \(rule.id)").overflow
            }
            granted[i] = Fixed(raw: exact)
            sums[StateKey(unit: unit, version: Int16(c.version), rule: Int16(c.rule), period: c.period), default: 0] += g
        }
    }
}
