import RubricSyntax

/// Where one rule's points for one unit land: the version that scored the
/// event, the rule, and the period of the rule's scope (for absence rules,
/// the sub-period counted).
struct StateKey: Hashable {
    var unit: Int32
    var version: Int16
    var rule: Int16
    var period: Period
    /// For a rule capped per field value: that value's id; -1 otherwise;
    /// `aloneCapped` and `aloneRaw` for the events without the field that
    /// are capped each on its own (`missing: alone`): their capped and
    /// their raw points.
    var group: Int32 = -1

    static let aloneCapped: Int32 = -2
    static let aloneRaw: Int32 = -3

    /// The same key without its group.
    var ungrouped: StateKey { StateKey(unit: unit, version: version, rule: rule, period: period) }

    /// Two words, one hash: the state has a key per (unit, rule, period)
    /// touched, hashed when the scorer hands it over and when the finalizer
    /// looks it up.
    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
    }

    /// The key in two words (the period's year modulo 2^14: equality still
    /// compares the whole key).
    @inline(__always)
    var words: (UInt64, UInt64) {
        (UInt64(UInt32(bitPattern: unit)) << 32 | UInt64(UInt16(bitPattern: version)) << 16 | UInt64(UInt16(bitPattern: rule)),
         PeriodCode.make(period) << 32 | UInt64(UInt32(bitPattern: group)))
    }

    /// What dictionaries of keys hash: one 128-bit multiply of the two words,
    /// folded, instead of a SipHash per key (which took a sixth of the time of
    /// a run with 500 rules). The words are the run's own numbers (ids given
    /// out in order, rule indices, period codes), not text an input chooses,
    /// and the second factor is never zero (its high bits are a constant's).
    func _rawHashValue(seed: Int) -> Int {
        let (a, b) = words
        let m = (a ^ UInt64(UInt(bitPattern: seed))).multipliedFullWidth(by: b ^ 0x9E37_79B9_7F4A_7C15)
        return Int(bitPattern: UInt(m.high ^ m.low))
    }
}

/// The running state of an evaluation. It grows with units x periods x
/// rules, never with events, and two accumulators over disjoint parts of a
/// log merge into the one for the whole log.
public struct Accumulator {
    var unitIds: [String: Int32] = [:]
    var unitNames: [String] = []
    /// Values of fields that caps are per (persons...), interned.
    var groupIds: [String: Int32] = [:]
    var groupNames: [String] = []
    /// Per (unit, version, rule, scope period): the sum of points before
    /// caps, in raw millionths, exact in 128 bits (each event adds at most
    /// 2^63, so no log can overflow it), whatever the order or the split of
    /// the log; and the events counted and their occurrences. The finalizer
    /// converts each sum to a score, failing the run when one does not fit
    /// (`ScoreOverflow`).
    var slots = StateTable()
    /// Occurrences counted by absence rules per (unit, version, rule, sub-period).
    /// Exact, like `sums`, so no count of a hostile log wraps around.
    var presence: [StateKey: Int128] = [:]
    var firstDay: Day?
    var lastDay: Day?
    public internal(set) var accounting = Accounting()
    var contributions: [Contribution] = []

    mutating func unitId(_ name: String) -> Int32 {
        if let id = unitIds[name] { return id }
        let id = Int32(unitNames.count)
        unitIds[name] = id
        unitNames.append(name)
        return id
    }

    mutating func groupId(_ name: String) -> Int32 {
        if let id = groupIds[name] { return id }
        let id = Int32(groupNames.count)
        groupIds[name] = id
        groupNames.append(name)
        return id
    }

    mutating func noteDay(_ d: Day) {
        if firstDay.map({ d < $0 }) ?? true { firstDay = d }
        if lastDay.map({ d > $0 }) ?? true { lastDay = d }
    }

    /// Adds another accumulator's state (for a disjoint part of the input).
    public mutating func merge(_ other: Accumulator) {
        var map = [Int32](repeating: 0, count: other.unitNames.count)
        for (i, n) in other.unitNames.enumerated() { map[i] = unitId(n) }
        var groups = [Int32](repeating: 0, count: other.groupNames.count)
        for (i, n) in other.groupNames.enumerated() { groups[i] = groupId(n) }
        slots.merge(other.slots, unit: { map[Int($0)] }, group: { groups[Int($0)] })
        for (k, v) in other.presence {
            presence[StateKey(unit: map[Int(k.unit)], version: k.version, rule: k.rule, period: k.period, group: k.group), default: 0] += v
        }
        if let d = other.firstDay { noteDay(d) }
        if let d = other.lastDay { noteDay(d) }
        accounting.read += other.accounting.read
        accounting.scored += other.accounting.scored
        accounting.rejected += other.accounting.rejected
        accounting.afterAsOf += other.accounting.afterAsOf
        contributions.append(contentsOf: other.contributions)
    }
}

/// The run's accounting: read = scored + rejected + after_as_of.
public struct Accounting: Sendable, Codable, Equatable {
    public var read = 0
    public var scored = 0
    public var rejected = 0
    public var afterAsOf = 0

    enum CodingKeys: String, CodingKey {
        case read, scored, rejected
        case afterAsOf = "after_as_of"
    }
}

/// One event's points under one rule, kept for explanations.
public struct Contribution: Sendable {
    public var file: Int
    public var line: Int
    public var eventId: String?
    public var day: Day
    public var unit: String
    public var type: String
    public var version: Int
    public var rule: Int
    /// The scope period the points belong to.
    public var period: Period
    public var perOccurrence: Fixed
    public var count: Int64
    public var points: Fixed
    /// For a rule capped over a longer period: the points granted to this
    /// event in date order (`DateOrderGrants`); nil for other rules.
    public var granted: Fixed? = nil
    /// For a rule with occurrence steps: the number of this event's first
    /// occurrence in its period (in date order); its points are then the
    /// steps' (`granted`).
    public var occurrence: Int64? = nil
}
