import RubricCheck
import RubricSyntax

/// A scoring run's set-up, written once for every caller (`rubric eval`,
/// `explain`, `report`, `diff` and `rubric test`): one rubric's versions
/// compiled against the roster, which version scores (one forced, or each
/// period's own), the as-of date and the periods shown, then the
/// evaluation. Callers word the problems for their audience; what is a
/// problem is decided here.
public struct ScoringSession: Sendable {
    /// The versions, oldest effective date first.
    public let versions: [CompiledRubric]
    public let roster: Roster?

    /// Why a run cannot be set up as asked.
    public enum Problem: Error, Sendable {
        /// No version has this name.
        case noSuchVersion(String, available: [String])
        /// The as-of date is past the scoring horizon (`Day.scoringHorizon`).
        case asOfBeyondHorizon(Day, horizon: Day)
    }

    /// `rubrics`: one rubric's checked versions, oldest first; `sha256` of each one's file.
    public init(rubrics: [CheckedRubric], sha256: (CheckedRubric) -> String = { _ in "" }, roster: Roster?) {
        versions = rubrics.map { CompiledRubric($0, sha256: sha256($0), roster: roster?.set) }
        self.roster = roster
    }

    /// The versions of a loaded rule set, each with its file's SHA-256.
    public init(ruleSet: RuleSet, roster: Roster?) {
        self.init(rubrics: ruleSet.rubrics, sha256: ruleSet.sha256(of:), roster: roster)
    }

    /// The options of a run: `version` forces one version for every period;
    /// `trace` and `ruleResults` say which units are explained (`EvalOptions`).
    public func options(version: String? = nil, asOf: Day? = nil, periods: [Period]? = nil, encoding: TextEncoding = .auto,
                        trace: TraceFilter = .none, ruleResults: TraceFilter = .all, threads: Int = 0,
                        sheet: String? = nil) throws(Problem) -> EvalOptions {
        var forced: Int?
        if let version {
            guard let i = versions.firstIndex(where: { $0.version == version }) else {
                throw .noSuchVersion(version, available: versions.map(\.version))
            }
            forced = i
        }
        var options = EvalOptions(versions: versions, forcedVersion: forced, roster: roster, asOf: asOf, periods: periods,
                                  encoding: encoding, trace: trace, threads: max(0, threads))
        options.sheet = sheet
        options.ruleResults = ruleResults
        if let asOf, asOf > options.horizon { throw .asOfBeyondHorizon(asOf, horizon: options.horizon) }
        return options
    }

    /// Scores event files. Throws `ScoreOverflow` when a score is beyond
    /// exact range, and an I/O error for a file that cannot be read.
    public func evaluate(files: [String], _ options: EvalOptions) throws -> Evaluation {
        try Evaluator(options: options).run(files: files)
    }

    /// Scores records built in memory (`rubric test`), read as from a file named `name`.
    public func evaluate(records: [(RawRecord, String)], name: String, _ options: EvalOptions) throws -> Evaluation {
        try Evaluator(options: options).run(sources: [{ MemoryRecordSource(name: name, records: records) }], names: [name])
    }
}
