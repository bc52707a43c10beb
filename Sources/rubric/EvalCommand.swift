import ArgumentParser
import RubricEval
import RubricReport
import RubricSyntax

/// Output formats of `rubric eval`.
enum ScoreFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, markdown
}

/// `rubric eval EVENTS...`: score event logs and print the league tables.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score event logs against the rules and print each period's ranked scores.",
        discussion: "Exit status: 0 scored, 1 events rejected (without --keep-going), 2 unusable rules or inputs.")

    @OptionGroup var input: EventInputOptions

    @Option(help: "Output format: table, json, csv or markdown.")
    var format: ScoreFormat = .table

    @Option(help: "Write the scores to this file (whole or not at all) instead of standard output.", completion: .output)
    var output: String?

    func run() throws {
        let session = try EvalSession.run(input)
        let e = session.evaluation
        let text: String
        switch format {
        case .table: text = ScoreTables.table(e)
        case .json: text = JSONReport.render(e)
        case .csv: text = ScoreTables.csv(e)
        case .markdown: text = ScoreTables.markdown(e)
        }
        if format != .table { Output.standardError(ScoreTables.accounting(e) + "\n") }
        if let output { try OutputFile.write(text, to: output) } else { Output.standardOutput(text) }
    }
}

/// `rubric explain --unit U`: every point of one unit's score.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show every contribution to one unit's score: events, rules, caps, clamps, adjustments, totals.")

    @OptionGroup var input: EventInputOptions

    @Option(help: "The unit to explain.")
    var unit: String

    func run() throws {
        let session = try EvalSession.run(input, trace: .units([unit]))
        let e = session.evaluation
        guard e.periods.contains(where: { $0.rows.contains { $0.unit == unit } }) else {
            let units = Set(e.periods.flatMap { $0.rows.map(\.unit) })
            Output.standardError("error: no scores for unit `\(unit)`\(RubricSyntaxHelp.suggest(unit, units))\n")
            throw ExitCode(1)
        }
        Output.standardOutput(Quoting.terminalLines(ExplainReport(evaluation: e, rubrics: session.versions).render(unit: unit)))
    }
}
