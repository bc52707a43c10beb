import ArgumentParser
import Foundation
import RubricCheck
import RubricEval
import RubricReport
import RubricSyntax

/// The inputs shared by `eval`, `explain`, `report` and `diff`, and the
/// language all of them print in.
struct EventInputOptions: ParsableArguments {
    @Argument(help: "Events files (JSON Lines, CSV, or an Excel workbook .xlsx); `-` reads standard input.", completion: .events)
    var events: [String] = []

    @Option(help: "A rules file, or a directory of rule versions (repeatable).", completion: .rules)
    var rules: [String] = ["rules"]

    @Option(name: .customLong("version"), help: "Score every period with this rule version.")
    var forcedVersion: String?

    @Option(help: "The units to score: one a line, or CSV with a `unit` column.", completion: .roster)
    var roster: String?

    @Option(help: "Evaluate as of this date (YYYY-MM-DD); later events are counted apart.")
    var asOf: String?

    @Option(name: .customLong("period"), help: "Report only this period (2024-Q1, 2024); repeatable.")
    var periods: [String] = []

    @Option(help: "The sheet of an .xlsx events file to read (default: its first).")
    var sheet: String?

    @Option(help: "Text encoding of events files: auto, utf-8 or gb18030.")
    var encoding: TextEncoding = .auto

    @Flag(help: "Score the valid events even if some are rejected (and still exit 0).")
    var keepGoing = false

    @Option(help: "With --keep-going: write each rejected line with its reason here (JSON Lines).", completion: .output)
    var rejects: String?

    @Option(help: "Threads reading events, and writing a report's units (default: the number of cores); 0 reads every line the general way. Scores are the same.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Language of what is printed: zh or en (default: the rubric's `language`, else en). Titles come from the rules.")
    var lang: Language?

    /// The words of this run: `--lang`, else the language the rules declare.
    func labels(_ e: Evaluation) -> Labels { Labels(asked: lang, evaluation: e) }

    /// Why an input could not be read, in the language of the run over `versions` (oldest first).
    func words(_ error: any Error, _ versions: [CheckedRubric]) -> String {
        guard let input = error as? InputError else { return "\(error)" }
        let language = Language.of(asked: lang, declared: versions.map(\.meta.language))
        return Catalog.messages(language).text(input.message)
    }

    func validate() throws {
        if events.isEmpty { throw ValidationError("give at least one events file (or `-` for standard input)") }
        if let a = asOf, !DateText.isValid(a) { throw ValidationError("--as-of must be a date YYYY-MM-DD, not `\(a)`") }
        for p in periods where Period(parsing: p) == nil {
            throw ValidationError("--period must look like 2024, 2024-Q1, 2024-H1 or 2024-03, not `\(p)`")
        }
        if rejects != nil && !keepGoing { throw ValidationError("--rejects needs --keep-going") }
    }
}

extension TextEncoding: ExpressibleByArgument {}

/// Loading rules for the commands that use them: exits 2, saying why, when they are unusable.
enum RulesLoading {
    /// The checked rules at `paths`: no errors, at least one version, one rubric.
    static func usable(_ paths: [String], purpose: String, language: Language? = nil) throws -> RuleSet {
        let set = RuleSet.load(paths: paths)
        let rulesText = paths.joined(separator: " ")
        if set.hasErrors || set.rubrics.isEmpty {
            let language = set.language(asked: language)
            let renderer = DiagnosticRenderer(files: set.sources, language: language)
            var text = set.diagnostics.filter { $0.severity == .error }.map(renderer.render).joined(separator: "\n")
            for u in set.unreadable { text += "error: \(Catalog.messages(language).text(u))\n" }
            if set.rubrics.isEmpty && text.isEmpty { text = "error: no usable rules in \(rulesText)\n" }
            Output.standardError(text + "cannot \(purpose): fix the rules first (`rubric lint \(rulesText)`)\n")
            throw ExitCode(2)
        }
        let ids = Set(set.rubrics.map(\.meta.id))
        if ids.count > 1 {
            Output.standardError("error: \(rulesText) holds several rubrics (\(ids.sorted().joined(separator: ", "))); pass --rules with one rubric's file or directory\n")
            throw ExitCode(2)
        }
        return set
    }

    /// The position of version `v` among `versions`.
    static func index(of v: String, in versions: [String], rules: String) throws -> Int {
        guard let i = versions.firstIndex(of: v) else {
            Output.standardError("error: no rules version `\(v)` in \(rules); versions: \(versions.joined(separator: ", "))\n")
            throw ExitCode(2)
        }
        return i
    }
}

/// Loads the rules and runs an evaluation for a command.
struct EvalSession {
    let versions: [CompiledRubric]
    let evaluation: Evaluation

    /// Loads, checks and compiles the rules, then evaluates the events.
    /// Exits 2 for unusable rules or inputs, and 1 (printing no scores)
    /// when events were rejected without --keep-going.
    static func run(_ o: EventInputOptions, trace: TraceFilter = .none, ruleResults: TraceFilter = .all) throws -> EvalSession {
        let session = try load(o)
        let evaluation = try evaluate(o, session, version: o.forcedVersion, trace: trace, ruleResults: ruleResults)
        try handleRejects(evaluation, o)
        return EvalSession(versions: session.versions, evaluation: evaluation)
    }

    /// The library session: the checked rules compiled with the roster; exits 2 when unusable.
    static func load(_ o: EventInputOptions) throws -> ScoringSession {
        let set = try RulesLoading.usable(o.rules, purpose: "evaluate", language: o.lang)
        var roster: Roster?
        if let path = o.roster {
            do { roster = try Roster.load(path: path, encoding: o.encoding, declared: CheckedRubric.RosterAttribute.merged(set.rubrics)) } catch {
                Output.standardError("error: \(o.words(error, set.rubrics))\n")
                throw ExitCode(2)
            }
        }
        return ScoringSession(ruleSet: set, roster: roster)
    }

    /// Evaluates the events (`version` forces one); exits 2 for unusable options or unreadable inputs.
    static func evaluate(_ o: EventInputOptions, _ session: ScoringSession, version: String?,
                         trace: TraceFilter = .none, ruleResults: TraceFilter = .all) throws -> Evaluation {
        let options: EvalOptions
        do {
            options = try session.options(version: version, asOf: o.asOf.flatMap { try? DateText.parse($0).get() },
                                          periods: o.periods.isEmpty ? nil : o.periods.compactMap(Period.init(parsing:)),
                                          encoding: o.encoding, trace: trace, ruleResults: ruleResults, threads: o.threads, sheet: o.sheet)
        } catch {
            switch error {
            case .noSuchVersion(let v, let available):
                Output.standardError("error: no rules version `\(v)` in \(o.rules.joined(separator: " ")); versions: \(available.joined(separator: ", "))\n")
            case .asOfBeyondHorizon(let asOf, let horizon):
                Output.standardError("error: --as-of \(asOf) is after \(horizon), more than \(Day.horizonYears) years after the rules take effect\n")
            }
            throw ExitCode(2)
        }
        let evaluation: Evaluation
        do { evaluation = try session.evaluate(files: o.events, options) } catch let overflow as ScoreOverflow {
            // The events are the problem, as with a rejection: no scores are printed.
            Output.standardError("error: \(overflow)\nno scores printed: a published score must be exact.\n")
            throw ExitCode(1)
        } catch {
            Output.standardError("error: \(o.words(error, session.versions.map(\.rubric)))\n")
            throw ExitCode(2)
        }
        return evaluation
    }

    static func handleRejects(_ e: Evaluation, _ o: EventInputOptions) throws {
        guard !e.rejects.isEmpty else { return }
        let t = o.labels(e)
        let list = e.rejects.map { Quoting.terminal($0.message(t.language)) }.joined(separator: "\n") + "\n"
        if !o.keepGoing {
            Output.standardError(list + t.rejectsStopped(e.rejects.count) + "\n" + ScoreTables(evaluation: e, labels: t).accounting() + "\n")
            throw ExitCode(1)
        }
        if let path = o.rejects {
            let text = e.rejects.map { JSONReport.rejectLine($0, language: t.language) }.joined(separator: "\n") + "\n"
            try OutputFile.write(text, to: path)
        }
        Output.standardError(t.rejectsKept(e.rejects.count, file: o.rejects) + "\n" + list)
    }
}
