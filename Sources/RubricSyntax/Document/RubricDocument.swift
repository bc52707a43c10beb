/// The typed AST of one rules file, exactly as written (names unresolved,
/// expressions parsed but not checked). Every value keeps its source span.
public struct RubricDocument: Sendable {
    public var file: String
    /// The files it was resolved from, base first, `file` last (one file unless it is an overlay).
    public var chain: [String]
    public var meta: MetaDecl
    public var periods: PeriodsDecl
    public var events: EventSchemaDecl
    /// `roster:`: the attribute columns a roster must or may carry.
    public var roster: [RosterAttributeDecl] = []
    public var categories: [CategoryDecl]
    public var adjustments: [RuleDecl]
    public var grades: [GradeDecl]

    /// All rules: those of every category item, then the adjustments.
    public var allRules: [RuleDecl] { categories.flatMap { $0.items.flatMap(\.rules) } + adjustments }
}

/// `rubric:`: which rubric this is and when it takes effect.
public struct MetaDecl: Sendable {
    public var id: Located<String>
    public var title: Located<String>
    public var version: Located<String>
    /// The first day this version scores (`YYYY-MM-DD`).
    public var effective: Located<String>
    public var description: String?
    /// The language the titles are written in, and so the default language
    /// of everything printed for it (`zh` or `en`).
    public var language: Located<Language>?
}

/// The calendar units the language knows. Each is a whole number of months
/// that divides a year.
/// How a rule's events' points in a period make its total.
public enum RuleCombine: String, Sendable, CaseIterable {
    /// The sum: every occurrence counts (the default).
    case sum
    /// The mean per occurrence (a quarter scored from the mean of its monthly
    /// patrols), exact to six decimals, rounded half away from zero.
    case mean
}

/// A cap per field value: what the events without the field do.
public enum CapMissing: String, Sendable, CaseIterable {
    /// They share one bound (as if they all had one value).
    case together
    /// Each is bounded on its own.
    case alone
    /// They are rejected.
    case reject
}

public enum PeriodKind: String, Sendable, CaseIterable, Comparable {
    case month, quarter, half, year

    public var months: Int {
        switch self {
        case .month: return 1
        case .quarter: return 3
        case .half: return 6
        case .year: return 12
        }
    }

    /// The first day of the first period of this kind that starts on or
    /// after `day`: the first day a version effective on `day` scores.
    public func firstStart(onOrAfter day: Day) -> Day {
        let m0 = (day.month - 1) / months * months + 1
        if day.day == 1 && day.month == m0 { return day }
        let next = m0 + months
        return next > 12 ? Day(year: day.year + 1, month: 1, day: 1) : Day(year: day.year, month: next, day: 1)
    }

    public static func < (a: PeriodKind, b: PeriodKind) -> Bool { a.months < b.months }
}

/// How the year's total is made from the assessment periods' totals.
public enum CombineKind: String, Sendable, CaseIterable {
    /// The arithmetic mean of the scored periods.
    case mean
    /// The sum of the scored periods.
    case sum
    /// The weighted mean with `weights` per period of the year (year-end weighted against routine ones).
    case weighted
}

/// Rounding of a combined total.
public struct RoundingDecl: Sendable {
    public var places: Located<Int>
    /// `half_up` (away from zero) or `half_even`.
    public var mode: Located<String>
}

/// A lower and/or upper bound on a total.
public struct BoundsDecl: Sendable {
    public var min: Located<Fixed>?
    public var max: Located<Fixed>?
    /// For a total: at most this many bonus points from its adjustments.
    public var bonusMax: Located<Fixed>?
}

/// `periods:`: the assessment period and how the year combines them.
public struct PeriodsDecl: Sendable {
    public var assess: Located<PeriodKind>
    /// Rank units within the groups of this roster attribute (分类考核), not all together.
    public var rankWithin: Located<String>?
    /// Bounds of an assessment period's total.
    public var total: BoundsDecl
    public var yearCombine: Located<CombineKind>
    public var yearRound: RoundingDecl?
    /// With `combine: weighted`: a whole-number weight per assessment period of the year, in order.
    public var yearWeights: [Located<Int>] = []
    /// How many weights the file lists (some may not have parsed: those are reported where they stand).
    public var yearWeightsListed = 0
    public var yearBounds: BoundsDecl
}

/// A field's value type in events.
public enum FieldType: String, Sendable, CaseIterable {
    case string, number, integer, date, `enum`
}

/// One declared event field.
public struct FieldDecl: Sendable {
    public var name: Located<String>
    public var type: Located<FieldType>
    public var title: String?
    public var min: Located<Fixed>?
    public var max: Located<Fixed>?
    public var values: [Located<String>]
    /// The value used when the field is absent (integer and number fields).
    public var defaultValue: Located<Fixed>?
}

/// A per-type override of a number field's range.
public struct RangeDecl: Sendable {
    public var field: Located<String>
    public var min: Located<Fixed>?
    public var max: Located<Fixed>?
}

/// One declared event type.
public struct EventTypeDecl: Sendable {
    public var name: Located<String>
    public var title: String?
    public var require: [Located<String>]
    public var ranges: [RangeDecl]
}

/// `events:`: the vocabulary of the event log.
public struct EventSchemaDecl: Sendable {
    /// The fields holding the date, unit and type of every event.
    public var dateField: Located<String>
    public var unitField: Located<String>
    public var typeField: Located<String>
    /// The field giving how many occurrences a record stands for, if any.
    public var countField: Located<String>?
    /// The field holding an event's identifier, shown in explanations.
    public var idField: Located<String>?
    public var fields: [FieldDecl]
    public var types: [EventTypeDecl]
    public var span: SourceSpan
}

/// A scoring category: starts at `max`, stays within `[min, max]`.
public struct CategoryDecl: Sendable {
    public var id: Located<String>
    public var title: Located<String>
    /// nil when missing or not a number (already reported).
    public var max: Located<Fixed>?
    /// nil when missing (the floor is 0); a nil value for `min: none` (no floor).
    public var min: Located<Fixed?>?
    public var items: [ItemDecl]
    /// At most this many bonus points (the positive rule totals) per period.
    public var bonusMax: Located<Fixed>?
    /// How a score rescaled for items that do not apply (不适用) is rounded.
    public var round: RoundingDecl? = nil
    public var span: SourceSpan
}

/// A numbered item of the rubric, holding its rules.
public struct ItemDecl: Sendable {
    public var number: Located<String>
    public var title: Located<String>
    public var rules: [RuleDecl]
    /// 本项无扣分的方可加分: the item's bonuses count only in a period without a deduction in the item.
    public var bonusIfNoDeductions: Located<Bool>? = nil
    /// The item's share of its category's maximum (with `units`: what a unit it does not apply to is not scored out of).
    public var max: Located<Fixed>? = nil
    /// Only units whose roster attributes match (不适用 for the others: the category is rescaled).
    public var units: [(attribute: Located<String>, values: [Located<String>])] = []
}

/// What a rule's points are.
public enum PointsDecl: Sendable {
    /// The same points for every occurrence.
    case constant(Located<Fixed>)
    /// An expression over the event's fields.
    case expression(ExprSource)
    /// A table keyed by an enum field's value.
    case table(by: Located<String>, entries: [(key: Located<String>, points: Located<Fixed>)], otherwise: Located<Fixed>?, span: SourceSpan)
    /// Occurrence steps: the k-th occurrence in a scope period scores
    /// `steps[k]`, each one after the list `then` (the last step when
    /// omitted). `{first: a, then: b}` is `{steps: [a], then: b}`.
    case steps(steps: [Located<Fixed>], then: Located<Fixed>?, span: SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .constant(let c): return c.span
        case .expression(let e): return e.span
        case .table(_, _, _, let s): return s
        case .steps(_, _, let s): return s
        }
    }
}

/// `absent:`: "at least N matching events in every sub-period".
public struct AbsenceDecl: Sendable {
    public var on: [Located<String>]
    public var when: ExprSource?
    public var atLeast: Located<Int>
    public var every: Located<PeriodKind>
    public var span: SourceSpan
}

/// A scoring rule: in a category item, or an adjustment of a total.
public struct RuleDecl: Sendable {
    public var id: Located<String>
    public var title: String?
    /// The event types the rule looks at (empty for an absence rule).
    public var on: [Located<String>]
    /// Whether the rule has an `on` key at all (a missing one is reported where the rule is read).
    public var onWritten = true
    public var when: ExprSource?
    /// nil when the key is missing (already reported).
    public var points: PointsDecl?
    /// At most this many points (in magnitude) per unit and scope period.
    public var cap: Located<Fixed>?
    /// `cap: {max: 4, per: person}`: the cap bounds each value of this field separately.
    public var capPer: Located<String>?
    /// `cap: {max: 6, over: year}`: the cap bounds the rule's points over this
    /// longer period, granted in date order, each landing in its event's period.
    public var capOver: Located<PeriodKind>? = nil
    /// With `per`: what events without the field do (`together`, `alone`, `reject`).
    public var capMissing: Located<CapMissing>? = nil
    /// How the period's events' points make the rule's total: their sum (default) or their mean.
    public var combine: Located<RuleCombine>? = nil
    /// The period the points and the cap belong to; nil means the assessment period.
    public var scope: Located<PeriodKind>?
    public var absence: AbsenceDecl?
    /// One-vote veto: a matching event sets the unit's grade to this one.
    public var veto: Located<String>?
    /// Only units whose roster attribute has one of these values (`units: {kind: [窗口单位]}`).
    public var units: [(attribute: Located<String>, values: [Located<String>])]
    public var span: SourceSpan
}

/// A roster attribute the rubric declares: `kind: {title: 单位类别, values: [窗口单位, 执法单位], required: false}`,
/// or `kind: [窗口单位, 执法单位]` (required, these values).
public struct RosterAttributeDecl: Sendable {
    public var name: Located<String>
    public var title: String?
    /// The values a roster may give; empty: any text.
    public var values: [Located<String>]
    /// Whether every unit must have a value (default true).
    public var required: Located<Bool>?
}

/// A grade by score band (`优秀` from 90...).
public struct GradeDecl: Sendable {
    public var name: Located<String>
    public var min: Located<Fixed>
    /// At most this percentage of the units (of a period, or of a group) get the grade, by rank.
    public var quota: Located<Fixed>?
}
