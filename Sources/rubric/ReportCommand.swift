import ArgumentParser
import RubricReport
import RubricSyntax

extension Language: ExpressibleByArgument {}

/// `rubric report EVENTS... --out report.html`: the league table to hand out.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report: ranked tables and charts per period, and every unit's deductions and bonuses.")

    @OptionGroup var input: EventInputOptions

    /// `--output` as every other command says it; `--out` kept for the scripts that use it.
    @Option(name: [.customLong("output"), .customLong("out")], help: "The HTML file to write (whole or not at all); --out is the same.", completion: .output)
    var output: String = "report.html"

    func run() throws {
        let session = try EvalSession.run(input, trace: .all)
        let labels = input.labels(session.evaluation)
        let html = HTMLReport(evaluation: session.evaluation, rubrics: session.versions, labels: labels).render(threads: input.threads)
        try OutputFile.write(html, to: output)
        Output.standardError(labels("wrote", ["file": output]) + "\n" + ScoreTables(evaluation: session.evaluation, labels: labels).accounting() + "\n")
    }
}
