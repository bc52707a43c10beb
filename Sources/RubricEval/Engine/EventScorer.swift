import RubricCheck
import RubricSyntax

/// Scores validated events into an accumulator: finds the version for the
/// event's period, runs the rules that name its type, and commits all the
/// event's points or none (an evaluation error rejects the whole event).
struct EventScorer {
    let options: EvalOptions
    var activation: Activation
    var pending: [(key: StateKey, points: Fixed, occurrences: Int64, rule: Int, per: Fixed)] = []
    var pendingPresence: [StateKey] = []

    init(options: EvalOptions) {
        self.options = options
        let slots = options.versions.map { $0.rubric.schema.fields.count }.max() ?? 0
        activation = Activation(slotCount: slots)
    }

    /// Scores one event; returns the reason when it must be rejected.
    mutating func score(_ e: EventRecord, version vi: Int, eventId: String?, into acc: inout Accumulator) -> (field: String, reason: String)? {
        let v = options.versions[vi]
        // The unit is interned only when the event is accepted.
        let unit = acc.unitIds[e.unit] ?? Int32(acc.unitNames.count)
        for i in 0..<e.slots.count { activation.slots[i] = e.slots[i] }
        pending.removeAll(keepingCapacity: true)
        pendingPresence.removeAll(keepingCapacity: true)
        var current = 0
        do throws(EvalError) {
            for ri in v.rulesByType[e.type] {
                current = ri
                let rule = v.rules[ri]
                if !rule.applies(to: e.unit, roster: options.roster) { continue }
                guard try v.matches(at: ri, activation) else { continue }
                let per = try v.points(rule, activation)
                guard let total = per * e.count else { throw EvalError("points \(per) x \(e.count) occurrences overflow") }
                let period = Period(rule.source.scope, containing: e.day)
                var group: Int32 = -1
                if let f = rule.source.capPer {
                    let value: String
                    switch e.slots[f] {
                    case .string(let s)?: value = s
                    case let v?: value = v.description
                    case nil: value = ""
                    }
                    group = acc.groupId(value)
                }
                pending.append((StateKey(unit: unit, version: Int16(vi), rule: Int16(ri), period: period, group: group), total, e.count, ri, per))
            }
            for ri in v.absenceByType[e.type] {
                current = ri
                let rule = v.rules[ri]
                if !rule.applies(to: e.unit, roster: options.roster) { continue }
                guard try v.matches(at: ri, activation) else { continue }
                let every = rule.source.absence!.every
                pendingPresence.append(StateKey(unit: unit, version: Int16(vi), rule: Int16(ri), period: Period(every, containing: e.day)))
            }
        } catch {
            return ("", "rule \(v.rules[current].source.id): \(error.message)")
        }
        _ = acc.unitId(e.unit)
        for k in pendingPresence { acc.presence[k, default: 0] += Int128(e.count) }
        for p in pending {
            acc.sums[p.key, default: 0] += Int128(p.points.raw)
            let h = acc.hits[p.key] ?? (0, 0)
            acc.hits[p.key] = (h.events + 1, h.occurrences &+ p.occurrences)
            if options.trace.includes(e.unit) {
                acc.contributions.append(Contribution(file: e.file, line: e.line, eventId: eventId, day: e.day, unit: e.unit,
                                                      type: v.rubric.schema.types[e.type].name, version: vi, rule: p.rule,
                                                      period: p.key.period, perOccurrence: p.per, count: e.count, points: p.points))
            }
        }
        return nil
    }
}
