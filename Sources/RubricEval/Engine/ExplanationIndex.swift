import RubricSyntax

/// An evaluation indexed for explaining: a unit's row in each period and a
/// rule's contributions for a unit and period are found by lookup, so
/// explaining one unit costs its own contributions and a report on every
/// unit costs the evaluation's size, not its square.
public struct ExplanationIndex: Sendable {
    struct Key: Hashable {
        var unit: String
        var version: Int
        var rule: Int
        var period: Period
    }

    public let evaluation: Evaluation
    /// Per scored period (as `evaluation.periods`), each unit's row.
    private let rows: [[String: Int]]
    private let contributions: [Key: [Int]]

    public init(_ e: Evaluation) {
        evaluation = e
        rows = e.periods.map { p in Dictionary(p.rows.enumerated().map { ($1.unit, $0) }, uniquingKeysWith: { a, _ in a }) }
        var byKey: [Key: [Int]] = [:]
        for (i, c) in e.contributions.enumerated() {
            byKey[Key(unit: c.unit, version: c.version, rule: c.rule, period: c.period), default: []].append(i)
        }
        contributions = byKey
    }

    /// The unit's row in scored period `p` (an index into `evaluation.periods`).
    public func row(_ unit: String, inPeriod p: Int) -> UnitScore? {
        rows[p][unit].map { evaluation.periods[p].rows[$0] }
    }

    /// Every scored period with the unit's row in it, in order.
    public func rows(of unit: String) -> [(PeriodScores, UnitScore)] {
        evaluation.periods.indices.compactMap { p in row(unit, inPeriod: p).map { (evaluation.periods[p], $0) } }
    }

    /// The events behind a rule's result for a unit in a scope period, in
    /// file order: from every version the result pools (a year's rule).
    public func contributions(unit: String, result r: RuleResult, period: Period) -> [Contribution] {
        let sources = r.from.isEmpty ? [(version: r.version, rule: r.rule)] : r.from
        var found: [Int] = []
        for s in sources { found += contributions[Key(unit: unit, version: s.version, rule: s.rule, period: period)] ?? [] }
        // The contributions are in file order, so their indices are.
        if sources.count > 1 { found.sort() }
        return found.map { evaluation.contributions[$0] }
    }
}
