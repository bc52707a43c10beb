import RubricSyntax

/// An evaluation indexed for explaining: a unit's row in each period and a
/// rule's contributions for a unit and period are found by lookup, so
/// explaining one unit costs its own contributions and a report on every
/// unit costs the evaluation's size, not its square.
public struct ExplanationIndex: Sendable {
    struct Key: Hashable {
        var unit: Int
        var version: Int
        var rule: Int
        var period: Period

        /// Two words (a million keys are hashed to build the index).
        func hash(into hasher: inout Hasher) {
            hasher.combine(UInt64(truncatingIfNeeded: unit) << 32 ^ UInt64(truncatingIfNeeded: version) << 20 ^ UInt64(truncatingIfNeeded: rule))
            hasher.combine(PeriodCode.make(period))
        }
    }

    /// A unit's name as spelled, hashed and compared by its bytes: a log's
    /// million contributions are grouped without normalizing each name (as
    /// `String` hashing does); the few spellings are then joined by
    /// canonical equivalence (NFC `café` and NFD `cafe` + U+0301 are one unit).
    private struct Spelling: Hashable {
        let text: String

        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }

        static func == (a: Spelling, b: Spelling) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
    }

    public let evaluation: Evaluation
    /// Per scored period (as `evaluation.periods`), each unit's row.
    private let rows: [[String: Int]]
    /// Units by name (canonically compared), as numbered in `contributions`.
    private let units: [String: Int]
    /// Each (unit, version, rule, period)'s group: its contributions are
    /// `order[starts[g]..<starts[g + 1]]`, in file order (one array for all,
    /// not an array per group).
    private let groups: [Key: Int]
    private let starts: [Int]
    private let order: [Int]

    public init(_ e: Evaluation) {
        evaluation = e
        rows = e.periods.map { p in Dictionary(p.rows.enumerated().map { ($1.unit, $0) }, uniquingKeysWith: { a, _ in a }) }
        var spellings: [Spelling: Int] = [:]
        var units: [String: Int] = [:]
        var groups: [Key: Int] = [:]
        // About one group per two contributions in a large log: room made once, not by doubling.
        groups.reserveCapacity(e.contributions.count / 2)
        var groupOf = [Int](repeating: 0, count: e.contributions.count)
        var sizes: [Int] = []
        // Read in place (a contribution copied is three strings retained and released).
        let contributions = e.contributions
        var last: (text: String, unit: Int)?
        for i in contributions.indices {
            let name = contributions[i].unit
            let unit: Int
            if let last, last.text.utf8.elementsEqual(name.utf8) {
                unit = last.unit
            } else if let u = spellings[Spelling(text: name)] {
                unit = u
            } else {
                unit = units[name] ?? units.count
                units[name] = units[name] ?? unit
                spellings[Spelling(text: name)] = unit
            }
            last = (name, unit)
            let key = Key(unit: unit, version: contributions[i].version, rule: contributions[i].rule, period: contributions[i].period)
            let g = groups[key] ?? sizes.count
            if g == sizes.count {
                groups[key] = g
                sizes.append(0)
            }
            groupOf[i] = g
            sizes[g] += 1
        }
        var starts = [0]
        starts.reserveCapacity(sizes.count + 1)
        for n in sizes { starts.append(starts[starts.count - 1] + n) }
        var next = starts
        var order = [Int](repeating: 0, count: e.contributions.count)
        for (i, g) in groupOf.enumerated() {
            order[next[g]] = i
            next[g] += 1
        }
        self.units = units
        self.groups = groups
        self.starts = starts
        self.order = order
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
        contributionIndices(unit: unit, result: r, period: period).map { evaluation.contributions[$0] }
    }

    /// The same, as indices into the evaluation's contributions (read in
    /// place by a renderer of a million of them, not copied).
    public func contributionIndices(unit: String, result r: RuleResult, period: Period) -> [Int] {
        guard let unit = units[unit] else { return [] }
        let sources = r.from.isEmpty ? [(version: r.version, rule: r.rule)] : r.from
        var found: [Int] = []
        for s in sources {
            if let g = groups[Key(unit: unit, version: s.version, rule: s.rule, period: period)] { found += order[starts[g]..<starts[g + 1]] }
        }
        // The contributions are in file order, so their indices are.
        if sources.count > 1 { found.sort() }
        return found
    }
}
