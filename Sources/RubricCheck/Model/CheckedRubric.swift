import RubricSyntax

/// A rubric that passed the checker: names resolved to indices, expressions
/// typed, defaults applied. It is what the evaluator compiles.
public struct CheckedRubric: Sendable {
    /// Identity and provenance.
    public struct Meta: Sendable {
        public var id: String
        public var title: String
        public var version: String
        public var effective: Day
        public var description: String?
        /// The language the rubric declares for its output (`rubric.language`).
        public var language: Language?
        public var file: String
        /// The files the version was resolved from, base first, `file` last.
        public var chain: [String]
    }

    /// A scoring category.
    public struct Category: Sendable {
        public var id: String
        public var title: String
        public var max: Fixed
        /// The floor of the category's score; nil: none (`min: none`).
        public var min: Fixed?
        /// At most this many bonus points per period, over all its rules.
        public var bonusMax: Fixed?
        /// Items that apply only to some units (不适用 for the others), each
        /// with its share of `max`: a unit they do not apply to is scored out
        /// of the rest and rescaled to `max` (按比例折算).
        public var shares: [ItemShare] = []
        /// How a rescaled score is rounded.
        public var round: (places: Int, halfUp: Bool) = (2, true)
    }

    /// An item's share of its category's maximum and the units it applies to.
    public struct ItemShare: Sendable {
        public var number: String
        public var title: String
        public var max: Fixed
        public var units: [String: Set<String>]
    }

    /// Bounds on a total; nil means unbounded on that side.
    public struct Bounds: Sendable {
        public var min: Fixed?
        public var max: Fixed?
        /// At most this many bonus points from the total's adjustments.
        public var bonusMax: Fixed?

        public func clamp(_ v: Fixed) -> Fixed {
            var x = v
            if let lo = min, x < lo { x = lo }
            if let hi = max, x > hi { x = hi }
            return x
        }
    }

    /// How a rule's points are worked out for one event.
    public enum Points: Sendable {
        case constant(Fixed)
        case expression(CheckedExpr)
        case table(field: Int, entries: [String: Fixed], otherwise: Fixed?)
        /// Occurrence steps: the k-th occurrence in a scope period (counted
        /// in date order) scores `steps[k]`, each later one `then`.
        case steps([Fixed], then: Fixed)
    }

    /// "At least N matching events in every sub-period".
    public struct Absence: Sendable {
        public var types: [Int]
        public var when: CheckedExpr?
        public var atLeast: Int
        public var every: PeriodKind
    }

    /// A resolved rule.
    public struct Rule: Sendable {
        public var id: String
        public var title: String?
        public var itemNumber: String?
        public var itemTitle: String?
        /// The category the points go to; nil for an adjustment of a total.
        public var category: Int?
        /// The period the points (and the cap) belong to.
        public var scope: PeriodKind
        public var types: [Int]
        public var when: CheckedExpr?
        public var points: Points
        public var cap: Fixed?
        /// With a cap: the field whose values are capped separately (a person...).
        public var capPer: Int?
        /// With a cap: the longer period it bounds (`over: year`), the points
        /// granted in date order and landing in their events' periods; nil:
        /// the cap bounds each scope period.
        public var capOver: PeriodKind?
        /// With `capPer`: what events without the field do.
        public var capMissing: CapMissing = .together
        /// `combine: mean`: the period's total is the mean of its occurrences' points.
        public var mean = false
        public var absence: Absence?
        /// One-vote veto: a matching event sets the grade to this one.
        public var veto: String?
        /// Roster attribute -> accepted values; the rule applies only to such units.
        public var units: [String: Set<String>] = [:]
        /// Its item's `bonus_if_no_deductions`: a bonus counts only in a period the item deducts nothing.
        public var bonusIfNoDeductions = false
        public var span: SourceSpan
    }

    /// A grade band: totals at or above `min` get `name` (bands sorted high to low).
    public struct Grade: Sendable {
        public var name: String
        public var min: Fixed
        /// At most this percentage of the ranked units get this grade.
        public var quota: Fixed?
    }

    /// A roster attribute column: the values it may hold (empty: any text), and whether every unit needs one.
    public struct RosterAttribute: Sendable, Equatable {
        public var name: String
        public var title: String?
        public var values: [String]
        public var required: Bool

        public init(name: String, title: String? = nil, values: [String], required: Bool) {
            self.name = name
            self.title = title
            self.values = values
            self.required = required
        }

        /// What a roster read for several versions must satisfy: an attribute
        /// any of them declares, with the values any of them allows, required
        /// when any of them requires it.
        public static func merged(_ rubrics: [CheckedRubric]) -> [RosterAttribute] {
            var out: [RosterAttribute] = []
            for a in rubrics.flatMap(\.roster) {
                if let i = out.firstIndex(where: { $0.name == a.name }) {
                    let allowAny = out[i].values.isEmpty || a.values.isEmpty
                    out[i].values = allowAny ? [] : out[i].values + a.values.filter { !out[i].values.contains($0) }
                    out[i].required = out[i].required || a.required
                } else {
                    out.append(a)
                }
            }
            return out
        }
    }

    public var meta: Meta
    public var schema: Schema
    public var assess: PeriodKind
    /// Ranks are computed within the groups of this roster attribute.
    public var rankWithin: String?
    /// The roster attributes the rubric declares.
    public var roster: [RosterAttribute] = []
    public var total: Bounds
    public var yearCombine: CombineKind
    /// Decimal places and half-up (true) or half-even (false); nil: exact.
    public var yearRound: (places: Int, halfUp: Bool)?
    /// With `combine: weighted`: the weight of each assessment period of a year.
    public var yearWeights: [Int64] = []
    public var yearBounds: Bounds
    public var categories: [Category]
    public var rules: [Rule]
    public var grades: [Grade]
}

extension CheckedRubric {
    /// By event type: the number fields an expression of a rule that type
    /// meets reads (as a CEL double). Every reader, and the SQL, refuses a
    /// value there that its double would not give back (`Fixed.isExactAsDouble`)
    /// rather than score it rounded.
    public var exactNumbers: [Set<Int>] {
        var exact = [Set<Int>](repeating: [], count: schema.types.count)
        for r in rules {
            var expressions = [r.when, r.absence?.when].compactMap { $0 }
            if case .expression(let e) = r.points { expressions.append(e) }
            let numbers = Set(expressions.flatMap(\.reads).compactMap { schema.fieldIndex[$0] }.filter { schema.fields[$0].type == .number })
            for t in r.absence?.types ?? r.types { exact[t].formUnion(numbers) }
        }
        return exact
    }

    /// Why such a value is refused, after the field's name and value; the SQL says the same.
    public static var inexactReason: String { Catalog.messages(.en)["reject.inexact.tail"] }
}
