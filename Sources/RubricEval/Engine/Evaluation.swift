import RubricCheck
import RubricSyntax

/// The result of an evaluation: every period's ranked scores, the versions
/// used, the accounting and the rejects.
public struct Evaluation: Sendable {
    public var asOf: Day?
    /// Scored periods in order: each assessment period, then its year.
    public var periods: [PeriodScores]
    public var versions: [VersionInfo]
    public var accounting: Accounting
    public var rejects: [Reject]
    public var files: [String]
    /// Per-event contributions (only for traced units).
    public var contributions: [Contribution]
}

/// The provenance of a rubric version, so a score can be reproduced.
public struct VersionInfo: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var version: String
    public var effective: String
    public var file: String
    /// The bases an overlay was resolved from, base first (empty for a whole rules file).
    public var extends: [String] = []
    /// `FileHash.sha256(chain:)`: of the file, or of the whole chain.
    public var sha256: String
    /// The language the version declares for its output, if any.
    public var language: Language? = nil
}

/// All units' scores for one period, ranked.
public struct PeriodScores: Sendable {
    public var period: Period
    /// Index into `Evaluation.versions` of the version that scored it.
    public var version: Int
    /// Category ids and titles, in rubric order (empty for a year).
    public var categories: [(id: String, title: String, max: Fixed)]
    public var rows: [UnitScore]
    public var isYear: Bool { period.kind == .year }
}

/// One unit's score for one period, with everything needed to explain it.
public struct UnitScore: Sendable {
    public var unit: String
    public var total: Fixed
    /// The total before the period's bounds were applied.
    public var unclamped: Fixed
    public var rank: Int
    public var grade: String?
    /// Category scores (assessment periods only).
    public var categories: [CategoryScore]
    /// Adjustments of this period's total.
    public var adjustments: [RuleResult]
    public var adjustmentTotal: Fixed
    /// Bonus adjustments cut by the total's `bonus_max`.
    public var bonusCut: Fixed = .zero
    /// For a year: the assessment periods combined, and the combination.
    public var parts: [(period: Period, total: Fixed)]
    /// For a year: how its periods were combined, as the finalizer did it.
    public var combination: YearCombination?
    /// For a year: the combination's result.
    public var combined: Fixed? { combination?.result }
    /// Veto rules that fired for this unit in this period (or, for a year, in any of its parts).
    public var vetoedBy: [String] = []
    /// With `rank_within`: the unit's group (its roster attribute); ranks count within it.
    public var group: String?
}

/// One category's score: its maximum, each rule's points, the clamp.
public struct CategoryScore: Sendable {
    public var id: String
    public var title: String
    public var max: Fixed
    /// The floor of the category's score; nil: none.
    public var min: Fixed?
    public var rules: [RuleResult]
    /// Bonus points cut by the category's `bonus_max`.
    public var bonusCut: Fixed = .zero
    /// `max` plus the rules' capped points, before the clamp.
    public var unclamped: Fixed
    public var score: Fixed
    /// Items that do not apply to the unit (不适用): it was scored out of
    /// `outOf` (the maximum less their shares), `beforeRescale`, then rescaled to `max`.
    public var notApplicable: [String] = []
    public var outOf: Fixed? = nil
    public var beforeRescale: Fixed? = nil
}

/// One rule's points for one unit and period.
public struct RuleResult: Sendable {
    public var version: Int
    /// The rule (one reference: its id, titles and cap are read from it,
    /// not copied into each of a run's results).
    public let compiled: CompiledRubric.Rule
    public var rule: Int { compiled.index }
    public var id: String { compiled.source.id }
    public var itemNumber: String? { compiled.source.itemNumber }
    public var title: String? { compiled.source.title ?? compiled.source.itemTitle }
    /// Sum of the events' points before the cap.
    public var raw: Fixed
    public var cap: Fixed? { compiled.source.cap }
    /// Points after the cap (and after a bonus withheld).
    public var points: Fixed
    /// A bonus not counted because its item deducted that period (`bonus_if_no_deductions`).
    public var withheld: Fixed = .zero
    /// The points after the cap, before a bonus was withheld (it is withheld whole).
    public var capped: Fixed { withheld == .zero ? points : withheld }
    public var events: Int
    public var occurrences: Int64
    /// For an absence rule: the sub-periods without enough events.
    public var missing: [Period]
    /// The (version, rule index) pairs whose events make up the result when
    /// they are more than this rule alone: for a year's rule, every version
    /// scoring part of the year that declares its id. Empty for one rule
    /// (most results: an array each would be a tenth of a large run's memory).
    public var from: [(version: Int, rule: Int)] = []
}

/// How a year's assessment periods were combined, recorded by the
/// finalizer so that every rendering says what was computed and derives
/// nothing: `explain`, the HTML report, the JSON output.
public struct YearCombination: Sendable {
    public enum Kind: String, Sendable { case sum, mean, weighted }

    public var kind: Kind
    /// The periods combined, each with its total and weight (1 unless weighted);
    /// a period without a weight is not a term of a weighted mean.
    public var terms: [(period: Period, total: Fixed, weight: Int64)]
    /// Σ weight × total, and Σ weight (the count for a mean, 1 for a sum).
    public var numerator: Fixed
    public var denominator: Int64
    /// Decimal places and half up (true) or half even; nil: exact.
    public var rounding: (places: Int, halfUp: Bool)?
    public var result: Fixed
}
