import ArgumentParser
import RubricReport

extension HTMLLabels.Language: ExpressibleByArgument {}

/// `rubric report EVENTS... --out report.html`: the league table to hand out.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report: ranked tables and charts per period, and every unit's deductions and bonuses.")

    @OptionGroup var input: EventInputOptions

    /// `--output` as every other command says it; `--out` kept for the scripts that use it.
    @Option(name: [.customLong("output"), .customLong("out")], help: "The HTML file to write (whole or not at all); --out is the same.", completion: .output)
    var output: String = "report.html"

    @Option(help: "Language of the report's labels: zh or en (rubric titles come from the rules).")
    var lang: HTMLLabels.Language = .zh

    func run() throws {
        let session = try EvalSession.run(input, trace: .all)
        let html = HTMLReport(evaluation: session.evaluation, rubrics: session.versions, language: lang).render()
        try OutputFile.write(html, to: output)
        Output.standardError("wrote \(output)\n" + ScoreTables.accounting(session.evaluation) + "\n")
    }
}
