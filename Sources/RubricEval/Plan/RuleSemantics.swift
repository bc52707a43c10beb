import RubricCheck
import RubricSyntax

/// What a rule means once its events are counted, written once for every
/// consumer: the finalizer's totals, and through them the explanation, the
/// reports and the JSON output.
extension CompiledRubric.Rule {
    /// Whether the rule applies to a unit at all (its `units:` roster filter).
    func applies(to unit: String, roster: Roster?) -> Bool {
        source.units.isEmpty || (roster?.matches(unit, source.units) ?? false)
    }

    /// The rule's exact total from its events' points: every occurrence was
    /// counted at its per-occurrence points (for repeat offences, `then`),
    /// so a repeat offence adds `first - then` once when it occurred at all.
    func rawTotal(sum: Int128, occurrences: Int64) -> Int128 {
        if case .repeated(let first, let then) = source.points, occurrences > 0 {
            return sum + Int128(first.raw) - Int128(then.raw)
        }
        return sum
    }

    /// A total cut to the rule's cap, keeping its sign.
    func capped(_ raw: Fixed) -> Fixed {
        guard let cap = source.cap, source.capOver == nil, raw.magnitude > cap else { return raw }
        return raw.isNegative ? -cap : cap
    }

    /// The rule's result for one unit and period.
    func result(version: Int, raw: Fixed, points: Fixed, events: Int, occurrences: Int64, missing: [Period] = []) -> RuleResult {
        RuleResult(version: version, rule: index, id: source.id, itemNumber: source.itemNumber,
                   title: source.title ?? source.itemTitle, raw: raw, cap: source.cap, points: points,
                   events: events, occurrences: occurrences, missing: missing, from: [(version, index)])
    }
}
