import CMachine
import RubricCheck
import RubricSyntax

extension Scorer {
    /// Scores one event of the current day (`enter`): the rules of its type
    /// in version `vi`, reading `activation` (and `memory.enumIndex` for
    /// points tables). Every rule's points are worked out first, then all
    /// are added, so an event counts whole or not at all. `site` is given by
    /// readers that keep explanations.
    mutating func score(version vi: Int, type: Int, unit uid: Int32, count: Int64, site: Site? = nil) -> Failure? {
        guard let info = current else { return Failure(field: "", reason: Message("reject.no-day-entered")) }
        if info.afterAsOf {
            accounting.afterAsOf += 1
            markUsed(uid)
            return nil
        }
        // The day's version owns the current pages; another (a record whose version was picked by
        // another date field) must own them too.
        if vi != info.version, !(0..<4).allSatisfy({ memory.pages[$0].base[vi] >= 0 }) {
            return Failure(field: "", reason: Message("reject.rules-version-does-not", ["p": "\(plans[vi].version.version)", "day": "\(info.day)"]))
        }
        let plan = memory.tables[vi]
        let pending = memory.pending
        var k = 0, a = 0
        var at = -1
        do throws(EvalError) {
            for r in Int(plan.ruleStart[type])..<Int(plan.ruleStart[type + 1]) {
                let rp = plan.rules[r]
                at = Int(rp.index)
                if rp.filter >= 0 && !allowed[Int(uid) * filterWidth + filterBase[vi] + Int(rp.filter)] { continue }
                if rp.hasCondition { guard try plans[vi].version.matches(at: at, activation) else { continue } }
                let per: Int64
                switch rp.points {
                case .constant: per = rp.constant
                case .table: per = try tablePoints(plans[vi], plan, rp)
                case .expression: per = try plans[vi].version.expressionPoints(at: at, activation).raw
                }
                let (total, overflow) = per.multipliedReportingOverflow(by: count)
                if overflow { throw EvalError(Message("eval.points-x-occurrences-overflow", ["Fixed": "\(Fixed(raw: per))", "count": "\(count)"])) }
                var group: Int32 = -1
                if rp.groupField >= 0 {
                    if let value = activation.slots[Int(rp.groupField)] { group = groupId(value) } else {
                        switch rp.missing {
                        case 1: group = StateKey.aloneCapped
                        case 2: throw EvalError(Message("eval.no-cap-per-missing", ["p": "\(plans[vi].schema.fields[Int(rp.groupField)].name)"]))
                        default: group = groupId(nil)
                        }
                    }
                }
                pending[k] = Memory.Pending(slot: slot(vi, uid, rp.periodKind, rp.column), total: total, per: per,
                                            rule: rp.index, periodKind: rp.periodKind, group: group)
                k += 1
            }
            for r in Int(plan.absenceStart[type])..<Int(plan.absenceStart[type + 1]) {
                let ap = plan.absence[r]
                at = Int(ap.index)
                if ap.filter >= 0 && !allowed[Int(uid) * filterWidth + filterBase[vi] + Int(ap.filter)] { continue }
                if ap.hasCondition { guard try plans[vi].version.matches(at: at, activation) else { continue } }
                memory.pendingPresence[a] = slot(vi, uid, ap.periodKind, ap.column)
                a += 1
            }
        } catch {
            return Failure(field: "", reason: Message("reject.rule", ["id": "\(plans[vi].version.rules[at].source.id)", "message": .message(error.message)]))
        }
        // The previous event's additions now (their cache lines were asked for when it was
        // scored); this event's are made when the next one is scored (`Memory.commit`).
        memory.commit()
        // Exact: a slot's 128-bit sum cannot overflow.
        for j in 0..<k {
            let p = pending[j]
            if p.group == StateKey.aloneCapped {
                // An event without the field, capped on its own: its capped points and its raw points.
                let rule = plans[vi].version.rules[Int(p.rule)]
                let raw = rule.rawTotal(sum: Int128(p.total), occurrences: count)
                var key = StateKey(unit: uid, version: Int16(vi), rule: Int16(p.rule),
                                   period: PeriodCode.period(memory.periodCodes[Int(p.periodKind)]), group: StateKey.aloneCapped)
                grouped[key, default: PeriodPages.Slot()].merge(PeriodPages.Slot(sum: rule.capped(raw), occurrences: count, events: 1))
                key.group = StateKey.aloneRaw
                grouped[key, default: PeriodPages.Slot()].merge(PeriodPages.Slot(sum: raw))
            } else if p.group >= 0 {
                let key = StateKey(unit: uid, version: Int16(vi), rule: Int16(p.rule),
                                   period: PeriodCode.period(memory.periodCodes[Int(p.periodKind)]), group: p.group)
                grouped[key, default: PeriodPages.Slot()].add(p.total, occurrences: count)
            } else {
                memory.defer(p.slot, p.total, occurrences: count)
            }
            if let site, options.trace.includes(site.unit) {
                contributions.append(Contribution(file: site.file, line: site.line, eventId: site.eventId, day: info.day, unit: site.unit,
                                                  type: plans[vi].schema.types[type].name, version: vi, rule: Int(p.rule),
                                                  period: PeriodCode.period(memory.periodCodes[Int(p.periodKind)]),
                                                  perOccurrence: Fixed(raw: p.per), count: count, points: Fixed(raw: p.total)))
            }
        }
        for i in 0..<a { memory.defer(memory.pendingPresence[i], count, occurrences: 0) }
        markUsed(uid)
        noteDay()
        accounting.scored += 1
        return nil
    }

    /// The points of a points table: the row of the field's value, else
    /// `otherwise`. An enum value's row is its index; any other value's is
    /// found by its text.
    @inline(__always)
    func tablePoints(_ plan: ScoringPlan, _ tables: ScoringPlan.Tables, _ rp: ScoringPlan.Rule) throws(EvalError) -> Int64 {
        let f = Int(rp.field)
        guard let value = activation.slots[f] else {
            if rp.hasOtherwise { return rp.constant }
            throw EvalError(Message("eval.no-look-up-points", ["p": "\(plan.schema.fields[f].name)"]))
        }
        var key: String?
        let row: Int32?
        if rp.keys < 0 {
            row = memory.enumIndex[f]
        } else {
            key = value.keyText
            row = plan.tableKeys[Int(rp.keys)][key!]
        }
        if let row, case let per = tables.tableValues[Int(rp.tableAt) + Int(row)], per != ScoringPlan.noPoints { return per }
        if rp.hasOtherwise { return rp.constant }
        throw EvalError(Message("eval.points-table-has-no", ["p": "\(key ?? plan.schema.fields[f].values[Int(row!)])"]))
    }

    /// The state slot of a rule's column for a unit in the current period of a kind.
    @inline(__always)
    func slot(_ vi: Int, _ uid: Int32, _ kind: UInt8, _ column: Int32) -> UnsafeMutablePointer<PeriodPages.Slot> {
        let page = memory.pages[Int(kind)]
        return page.slots + (Int(uid) * page.width + page.base[vi] + Int(column))
    }

    /// Scores a validated record (the general reader's, explain's, the
    /// report's, `rubric test`'s): its fields go into the activation as
    /// they are, its enum values' indices alongside.
    mutating func score(record e: EventRecord, version vi: Int, eventId: String?) -> Failure? {
        enter(e.day)
        let uid = intern(e.unit)
        let plan = plans[vi]
        for i in e.slots.indices {
            activation.slots[i] = e.slots[i]
            if case .string(let s)? = e.slots[i], let row = plan.enumIndex[i][s] { memory.enumIndex[i] = row }
        }
        return score(version: vi, type: e.type, unit: uid, count: e.count, site: Site(file: e.file, line: e.line, eventId: eventId, unit: e.unit))
    }
}

extension Value {
    /// A field value as the text that keys a points table's row or a cap group: text as it is, anything else as CEL prints it.
    var keyText: String {
        if case .string(let s) = self { return s }
        return description
    }
}

extension PeriodPages.Slot {
    @inline(__always)
    mutating func add(_ points: Int64, occurrences n: Int64) {
        sum += Int128(points)
        events += 1
        occurrences &+= n
    }

    /// Adds the slot of the same key from another part of the log.
    mutating func merge(_ other: Self) {
        sum += other.sum
        events += other.events
        occurrences &+= other.occurrences
    }
}

extension Scorer {
    /// The scorer's raw memory, read on the hot path: each version's plan
    /// tables, the current event's enum value indices, the current day's
    /// period codes and pages, the event's pending additions, per-unit flags.
    final class Memory {
        /// A rule's points waiting for the event's other rules.
        struct Pending {
            var slot: UnsafeMutablePointer<PeriodPages.Slot>
            var total: Int64
            var per: Int64
            var rule: Int32
            var periodKind: UInt8
            var group: Int32
        }

        let tables: UnsafeMutablePointer<ScoringPlan.Tables>
        let enumIndex: UnsafeMutablePointer<Int32>
        /// By period kind code: the current day's period codes, and their pages.
        let periodCodes: UnsafeMutablePointer<UInt64>
        let pages: UnsafeMutablePointer<PeriodPages.Page>
        let pending: UnsafeMutablePointer<Pending>
        let pendingPresence: UnsafeMutablePointer<UnsafeMutablePointer<PeriodPages.Slot>>
        /// The last scored event's additions to plain slots, not yet made: a large
        /// rubric's slot is a random cache line of megabytes, so its line is asked
        /// for when the event is scored and added to when the next one is (or
        /// before the state is read or moved), the next line's reading overlapping
        /// the miss. Additions commute: the sums are the same.
        private let deferred: UnsafeMutablePointer<(slot: UnsafeMutablePointer<PeriodPages.Slot>, sum: Int64, occurrences: Int64)>
        private var deferredCount = 0
        /// Per unit id: bit 0 on the roster, bit 1 used.
        private(set) var unitFlags: UnsafeMutablePointer<UInt8>
        private var unitCapacity = 64
        private let versions: Int

        init(fields: Int, rules: Int, plans: [ScoringPlan]) {
            versions = plans.count
            tables = .allocate(capacity: max(plans.count, 1))
            tables.initialize(from: plans.map(\.tables), count: plans.count)
            enumIndex = .allocate(capacity: max(fields, 1))
            enumIndex.initialize(repeating: 0, count: max(fields, 1))
            periodCodes = .allocate(capacity: 4)
            periodCodes.initialize(repeating: 0, count: 4)
            pages = .allocate(capacity: 4)
            pending = .allocate(capacity: max(rules, 1))
            pendingPresence = .allocate(capacity: max(rules, 1))
            deferred = .allocate(capacity: 2 * max(rules, 1))
            unitFlags = .allocate(capacity: unitCapacity)
        }

        /// An addition to a slot, made at the next `commit`; its cache line is asked for now.
        @inline(__always)
        func `defer`(_ slot: UnsafeMutablePointer<PeriodPages.Slot>, _ sum: Int64, occurrences: Int64) {
            rubric_prefetch_for_write(slot)
            deferred[deferredCount] = (slot, sum, occurrences)
            deferredCount += 1
        }

        /// Makes the additions deferred so far.
        @inline(__always)
        func commit() {
            for i in 0..<deferredCount { deferred[i].slot.pointee.add(deferred[i].sum, occurrences: deferred[i].occurrences) }
            deferredCount = 0
        }

        /// Points the page bases at the current periods' pages (again after the pages moved).
        func placePages(_ pages: PeriodPages) {
            for k in 0..<4 { self.pages[k] = pages.page(periodCodes[k]) }
        }

        /// Room for unit `id`'s flags, set to `flags`.
        func addUnit(_ id: Int, flags: UInt8) {
            if id >= unitCapacity {
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: unitCapacity * 2)
                bigger.initialize(from: unitFlags, count: unitCapacity)
                unitFlags.deallocate()
                unitFlags = bigger
                unitCapacity *= 2
            }
            unitFlags[id] = flags
        }

        deinit {
            tables.deinitialize(count: versions)
            tables.deallocate()
            enumIndex.deallocate()
            periodCodes.deallocate()
            pages.deallocate()
            pending.deallocate()
            pendingPresence.deallocate()
            deferred.deallocate()
            unitFlags.deallocate()
        }
    }
}
