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
    /// counted at its per-occurrence points (for occurrence steps, `then`),
    /// so steps add what the first occurrences score beyond `then`.
    /// With `combine: mean`, the mean per occurrence: sum / occurrences to
    /// six decimals, the remainder rounded half away from zero.
    func rawTotal(sum: Int128, occurrences: Int64) -> Int128 {
        if source.mean {
            guard occurrences > 0 else { return 0 }
            let n = Int128(occurrences)
            var q = sum / n
            let r = sum % n
            if (r < 0 ? -r : r) * 2 >= n { q += sum < 0 ? -1 : 1 }
            return q
        }
        return sum + stepCorrection(occurrences)
    }

    /// For occurrence steps: what occurrences 1...n of a period score beyond
    /// `then` each, Σ (steps[k] - then) over the first min(n, steps) of them;
    /// 0 for other points. The one definition of steps: the finalizer's
    /// totals and the explanations' per-event points both use it.
    func stepCorrection(_ n: Int64) -> Int128 {
        guard case .steps(let steps, let then) = source.points, n > 0 else { return 0 }
        var c: Int128 = 0
        for s in steps.prefix(Int(min(n, Int64(steps.count)))) { c += Int128(s.raw) - Int128(then.raw) }
        return c
    }

    /// For occurrence steps: the points of occurrences `before + 1 ... before + count`.
    func stepPoints(after before: Int64, count: Int64) -> Int128 {
        guard case .steps(_, let then) = source.points else { return 0 }
        return Int128(then.raw) * Int128(count) + stepCorrection(before + count) - stepCorrection(before)
    }

    /// A raw total cut to the rule's cap (per scope period), keeping its sign.
    /// (A cap `over` a longer period is granted in date order instead: `DateOrderGrants`.)
    func capped(_ raw: Int128) -> Int128 {
        source.capOver == nil ? bounded(raw) : raw
    }

    /// A total cut to the rule's cap, keeping its sign.
    func capped(_ raw: Fixed) -> Fixed {
        // No larger in magnitude than `raw`, so it fits.
        Fixed(raw: Int64(capped(Int128(raw.raw))))
    }

    /// `x` bounded to the rule's cap in magnitude (unchanged without a cap):
    /// the one definition of what a cap does, per period or over a longer one.
    func bounded(_ x: Int128) -> Int128 {
        guard let cap = source.cap else { return x }
        return min(max(x, -Int128(cap.raw)), Int128(cap.raw))
    }

    /// The rule's result for one unit and period.
    func result(version: Int, raw: Fixed, points: Fixed, events: Int, occurrences: Int64, missing: [Period] = []) -> RuleResult {
        RuleResult(version: version, compiled: self, raw: raw, points: points, events: events, occurrences: occurrences, missing: missing)
    }
}

/// What an item's `bonus_if_no_deductions` does (本项无扣分的方可加分), written
/// once: the finalizer applies it to a category's results, and explanations
/// show what was withheld.
enum ItemSemantics {
    /// In a period where a rule of an item with `bonus_if_no_deductions`
    /// deducted (its points after the cap below 0), the bonuses of that
    /// item's rules are withheld: their points become 0, kept in `withheld`.
    static func withholdBonuses(_ results: inout [RuleResult], flagged: (RuleResult) -> Bool) {
        let deducting = Set(results.filter { flagged($0) && $0.points.isNegative }.compactMap(\.itemNumber))
        for i in results.indices where flagged(results[i]) && results[i].points > .zero {
            guard let item = results[i].itemNumber, deducting.contains(item) else { continue }
            results[i].withheld = results[i].points
            results[i].points = .zero
        }
    }
}

/// What a category's items that do not apply to a unit (不适用) do, written
/// once: the unit is scored out of the rest of the maximum, and the score is
/// rescaled to the maximum (按比例折算), rounded as the category says.
enum CategorySemantics {
    /// The items of `category` that do not apply to `unit` (no roster: none apply).
    static func notApplicable(_ category: CheckedRubric.Category, unit: String, roster: Roster?) -> [CheckedRubric.ItemShare] {
        category.shares.filter { !(roster?.matches(unit, $0.units) ?? false) }
    }

    /// `score` (out of `outOf`) rescaled to the category's `max`: score × max / outOf, rounded.
    static func rescaled(_ score: Fixed, _ category: CheckedRubric.Category, outOf: Fixed, _ site: ScoreSite) throws(ScoreOverflow) -> Fixed {
        guard outOf > .zero, let product = score * category.max.raw,
              let q = product.divided(by: outOf.raw, places: category.round.places, halfUp: category.round.halfUp) else { throw site.overflow }
        return q
    }
}
