import ArgumentParser
import Foundation
import RubricEval
import RubricReport
import RubricSyntax

/// Output formats of `rubric eval`.
enum ScoreFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, markdown, xlsx
}



/// `rubric eval EVENTS...`: score event logs and print the league tables.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score event logs against the rules and print each period's ranked scores.",
        discussion: "Exit status: 0 scored, 1 events rejected (without --keep-going), 2 unusable rules or inputs.")

    @OptionGroup var input: EventInputOptions

    @Option(help: "Output format: table, json, csv, markdown or xlsx (an Excel workbook: a sheet per period, the accounting, the rejects).")
    var format: ScoreFormat = .table

    @Option(help: "Write the scores to this file (whole or not at all) instead of standard output.", completion: .output)
    var output: String?

    @Flag(help: "Show what an author needs: category ids as column heads, periods as 2024-Q1.")
    var verbose = false

    @Flag(help: "With --format csv --output FILE: leave out the UTF-8 byte-order mark (written so that Excel reads the Chinese text right).")
    var noBOM = false

    func validate() throws {
        // A workbook is binary: not for a terminal.
        if format == .xlsx && (output == nil || output == "-") && isatty(1) != 0 {
            throw ValidationError("an xlsx workbook is binary: give --output FILE.xlsx (or redirect standard output)")
        }
    }

    func run() throws {
        // The tables show totals and category scores: no rule's result is kept.
        let session = try EvalSession.run(input, ruleResults: .none)
        let e = session.evaluation
        let labels = input.labels(e)
        let tables = ScoreTables(evaluation: e, labels: labels, verbose: verbose)
        let text: String
        switch format {
        case .table: text = tables.table()
        case .json: text = JSONReport.render(e, language: labels.language)
        case .csv: text = tables.csv()
        case .markdown: text = tables.markdown()
        case .xlsx:
            Output.standardError(tables.accounting() + "\n")
            let bytes: Data
            do { bytes = try XLSXReport(evaluation: e, labels: labels).data() } catch {
                Output.standardError("error: cannot build the workbook: \(error)\n")
                throw ExitCode(2)
            }
            try OutputFile.write(bytes: [UInt8](bytes), to: output ?? "-")
            return
        }
        if format != .table { Output.standardError(tables.accounting() + "\n") }
        // Excel on Chinese Windows reads a CSV file as UTF-8 only with a byte-order mark;
        // a pipe or device (`--output /dev/stdout`, a FIFO) feeds another program, which gets none.
        let bom = format == .csv && !noBOM && output.map(OutputFile.isRegularFile) == true ? "\u{FEFF}" : ""
        if let output { try OutputFile.write(bom + text, to: output) } else { Output.standardOutput(text) }
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

    @Flag(help: "Show what an author needs: rule, category and item ids, periods as 2024-Q1, the rules file's hash.")
    var verbose = false

    func run() throws {
        let session = try EvalSession.run(input, trace: .units([unit]), ruleResults: .units([unit]))
        let e = session.evaluation
        guard e.periods.contains(where: { $0.rows.contains { $0.unit == unit } }) else {
            let units = Set(e.periods.flatMap { $0.rows.map(\.unit) })
            Output.standardError("error: no scores for unit `\(unit)`\(RubricSyntaxHelp.suggest(unit, units))\n")
            throw ExitCode(1)
        }
        let report = ExplainReport(evaluation: e, rubrics: session.versions, labels: input.labels(e), verbose: verbose)
        Output.standardOutput(Quoting.terminalLines(report.render(unit: unit)))
    }
}
