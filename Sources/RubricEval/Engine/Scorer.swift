import RubricCheck
import RubricSyntax

/// The one scorer. Every reader hands it events in the same form: the day
/// (`enter`), the unit's id (`intern`), the version, type and occurrences,
/// and the fields the type's rules read in `activation` (an enum field's
/// value index in `memory.enumIndex`). The byte reader fills these from
/// spans in place; the general reader from a validated `EventRecord`
/// (`score(record:version:eventId:)`), as do `explain`, the report and
/// `rubric test`. The scorer runs the plan's rules (`ScoringPlan`) and
/// keeps the running state (`PeriodPages`, exact 128-bit sums), so the
/// readers cannot disagree about what an event is worth: they differ only
/// in how they find its fields.
struct Scorer {
    let options: EvalOptions
    let plans: [ScoringPlan]
    let pages: PeriodPages
    let memory: Memory
    let activation: Activation

    var unitIds: [String: Int32] = [:]
    var unitNames: [String] = []
    /// Where each unit was first used (scored, or after the as-of date) and
    /// in which spelling, as the reader positions it (`Position`); the
    /// result names units in this order.
    var firstSeen: [(position: Int64, name: String)] = []
    /// By unit: whether each version's roster-filtered rules apply, at
    /// `unit * filterWidth + filterBase[version] + Rule.filter`.
    var allowed: [Bool] = []
    let filterBase: [Int]
    let filterWidth: Int
    /// Points of rules capped per value of a field, by (unit, version,
    /// rule, period, value): such rules are few, so their state is hashed.
    var grouped: [StateKey: PeriodPages.Slot] = [:]
    var groupIds: [String: Int32] = [:]
    var groupNames: [String] = []
    var firstDay: Day?
    var lastDay: Day?
    var accounting = Accounting()
    /// Kept for the units `options.trace` names (explanations).
    var contributions: [Contribution] = []
    /// The day being scored.
    private(set) var current: DayInfo?

    /// A day, as read once for all the events that carry it.
    struct DayInfo {
        var day: Day
        /// The version that scores it, if any (`EvalOptions.versionIndex`).
        var version: Int?
        var afterAsOf: Bool
        /// Noted in the first and last day (once an event of the day is scored).
        var noted = false
    }

    /// Where an event came from, for explanations.
    struct Site {
        var file: Int
        var line: Int
        var eventId: String?
        var unit: String
    }

    /// Why an event cannot be scored: the whole event is rejected.
    struct Failure: Error {
        var field: String
        var reason: Message
    }

    init(options: EvalOptions, plans: [ScoringPlan]) {
        self.options = options
        self.plans = plans
        pages = PeriodPages(plans: plans) { [options] period in
            // Versions are chosen by assessment period, and every assessment period starts on a first of the month.
            period.parts(.month).compactMap { options.versionIndex(for: $0.start) }
        }
        let fields = plans.map { $0.schema.fields.count }.max() ?? 0
        memory = Memory(fields: fields, rules: plans.map(\.mostRules).max() ?? 0, plans: plans)
        activation = Activation(slotCount: fields)
        filterBase = plans.indices.map { v in plans[..<v].reduce(0) { $0 + $1.filtered.count } }
        filterWidth = plans.reduce(0) { $0 + $1.filtered.count }
    }

    /// The id of a unit, interning it on first sight (its roster flag and
    /// which filtered rules apply to it are worked out once). Units are
    /// names compared as Swift compares strings (canonical equivalence):
    /// NFC `café` and NFD `cafe` + U+0301 are one unit.
    mutating func intern(_ name: String) -> Int32 {
        if let id = unitIds[name] { return id }
        // The pages may move to make room for the unit: the additions pointing into them first.
        memory.commit()
        let id = Int32(unitNames.count)
        unitIds[name] = id
        unitNames.append(name)
        memory.addUnit(Int(id), flags: options.roster?.set.contains(name) ?? true ? 1 : 0)
        for plan in plans {
            for r in plan.filtered { allowed.append(plan.version.rules[r].applies(to: name, roster: options.roster)) }
        }
        if pages.reserve(unit: Int(id)), current != nil { memory.placePages(pages) }
        return id
    }

    /// Whether a unit's events have been scored (or counted after the as-of date).
    @inline(__always)
    func isUsed(_ unit: Int32) -> Bool { memory.unitFlags[Int(unit)] & 2 != 0 }

    /// Whether a unit is on the roster (every unit is, without one).
    @inline(__always)
    func isOnRoster(_ unit: Int32) -> Bool { memory.unitFlags[Int(unit)] & 1 != 0 }

    /// Makes `day` the day of the events that follow: its version and its
    /// periods' pages, worked out again only when the day changes.
    @discardableResult
    mutating func enter(_ day: Day) -> DayInfo {
        if let c = current, c.day == day { return c }
        let info = DayInfo(day: day, version: options.versionIndex(for: day), afterAsOf: options.asOf.map { day > $0 } ?? false)
        current = info
        for (k, kind) in PeriodCode.kinds.enumerated() { memory.periodCodes[k] = PeriodCode.make(Period(kind, containing: day)) }
        memory.placePages(pages)
        return info
    }

    mutating func markUsed(_ unit: Int32) {
        memory.unitFlags[Int(unit)] |= 2
    }

    /// Notes the current day as scored.
    mutating func noteDay() {
        guard let c = current, !c.noted else { return }
        current!.noted = true
        if firstDay.map({ c.day < $0 }) ?? true { firstDay = c.day }
        if lastDay.map({ c.day > $0 }) ?? true { lastDay = c.day }
    }

    /// The id of a cap group's value (absent: the empty text, one group).
    mutating func groupId(_ value: Value?) -> Int32 {
        let name = value?.keyText ?? ""
        if let id = groupIds[name] { return id }
        let id = Int32(groupNames.count)
        groupIds[name] = id
        groupNames.append(name)
        return id
    }

    /// The state kept so far, as an `Accumulator`: units in the order of
    /// `firstSeen`, the pages' and the groups' slots by (unit, version,
    /// rule, period).
    func finish() -> Accumulator {
        memory.commit()
        var acc = Accumulator()
        for s in firstSeen.sorted(by: { $0.position < $1.position }) { _ = acc.unitId(s.name) }
        var map = [Int32](repeating: -1, count: unitNames.count)
        for i in unitNames.indices where isUsed(Int32(i)) { map[i] = acc.unitId(unitNames[i]) }
        // The pages give each unit's slots row by row (a row's rules in order).
        var cell: StateTable.Cell?
        var row = StateTable.Row()
        pages.forEach(units: unitNames.count) { code, u, owner, slot in
            let (v, rule, absence) = owner
            let period = PeriodCode.period(code)
            if absence {
                acc.presence[StateKey(unit: map[u], version: Int16(v), rule: Int16(rule), period: period)] = slot.sum
                return
            }
            let here = StateTable.Cell(unit: map[u], version: Int16(v), period: period)
            if here != cell {
                if let cell { acc.slots.add(row, at: cell) }
                (cell, row) = (here, StateTable.Row())
            }
            row.add(StateTable.key(rule: Int16(rule), group: -1), slot)
        }
        if let cell { acc.slots.add(row, at: cell) }
        for (key, slot) in grouped {
            var k = key
            k.unit = map[Int(key.unit)]
            if key.group >= 0 { k.group = acc.groupId(groupNames[Int(key.group)]) }
            acc.slots.add(k, slot)
        }
        if let d = firstDay { acc.noteDay(d) }
        if let d = lastDay { acc.noteDay(d) }
        acc.accounting = accounting
        acc.contributions = contributions
        return acc
    }
}
