import RubricSyntax

/// What to evaluate and how.
public struct EvalOptions: Sendable {
    /// The rubric versions to choose from, oldest effective date first.
    public var versions: [CompiledRubric]
    /// Score every period with this version (index into `versions`).
    public var forcedVersion: Int?
    public var roster: Roster?
    public var asOf: Day?
    /// Only these periods are reported (all scored periods when nil).
    public var periods: [Period]?
    public var encoding: TextEncoding
    /// The sheet of a workbook events file to read (its first when nil).
    public var sheet: String?
    /// Keep per-event contributions for these units (explanations need them).
    public var trace: TraceFilter
    /// Keep each rule's result (`RuleResult`) for these units: explanations,
    /// reports, diffs and rule tests read them; a league table needs only
    /// the totals, and a result per (unit, rule, period) is most of a large
    /// rubric's memory. Units left out get their scores with no rule results.
    public var ruleResults: TraceFilter = .all
    /// Threads for the fast reader of UTF-8 files; 0 reads every line the
    /// general way, on one thread. Results are the same either way.
    public var threads: Int
    /// The smallest part of a file one thread reads (so small files are read
    /// whole); the tests make it tiny, to cut their small files into parts.
    public var minimumPartBytes = 1 << 20

    /// The latest day scored (`Day.scoringHorizon` of the newest version):
    /// an event after it is rejected, an `--as-of` after it refused.
    public var horizon: Day {
        (versions.last?.rubric.meta.effective ?? Day(year: 9899, month: 1, day: 1)).scoringHorizon
    }

    /// The columns a CSV events file must have: the date, unit and type
    /// fields of some version that may score it (`LineRecords.csvHeader`).
    var requiredCSVColumns: [[String]] {
        let candidates = forcedVersion.map { [versions[$0]] } ?? versions
        return candidates.map(\.rubric.schema.everyEventColumns)
    }

    public init(versions: [CompiledRubric], forcedVersion: Int? = nil, roster: Roster? = nil, asOf: Day? = nil,
                periods: [Period]? = nil, encoding: TextEncoding = .auto, trace: TraceFilter = .none, threads: Int = 0) {
        self.versions = versions
        self.forcedVersion = forcedVersion
        self.roster = roster
        self.asOf = asOf
        self.periods = periods
        self.encoding = encoding
        self.trace = trace
        self.threads = threads
    }

    /// The version that scores `day`: the forced one, or the latest in effect
    /// on the first day of the assessment period holding it. The one place
    /// that picks a version, for every reader and the finalizer.
    public func versionIndex(for day: Day) -> Int? {
        guard day <= horizon else { return nil }
        if let f = forcedVersion { return f }
        for i in versions.indices.reversed() {
            let v = versions[i].rubric
            if v.meta.effective <= Period(v.assess, containing: day).start { return i }
        }
        return nil
    }
}

/// Which units' per-event contributions, or rule results, to keep
/// (explanations cost memory per event, so eval keeps none).
public enum TraceFilter: Sendable {
    case none
    case units(Set<String>)
    case all

    func includes(_ unit: String) -> Bool {
        switch self {
        case .none: return false
        case .all: return true
        case .units(let s): return s.contains(unit)
        }
    }
}
