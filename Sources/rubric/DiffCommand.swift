import ArgumentParser
import RubricAuthoring
import RubricEval
import RubricReport
import RubricSyntax

/// `rubric diff --from V --to V EVENTS...`: what a revision does to the scores.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Score the same events under two rule versions and show, per unit and period, what changes and why.")

    @OptionGroup var input: EventInputOptions

    @Option(help: "The version before the revision.")
    var from: String

    @Option(help: "The version after the revision.")
    var to: String

    @Option(help: "Output format: table, json or markdown.")
    var format: DiffFormat = .table

    @Option(help: "Write the diff to this file instead of standard output.", completion: .output)
    var output: String?

    @Flag(help: "Show what an author needs: rule ids, periods as 2024-Q1.")
    var verbose = false

    func validate() throws {
        if input.forcedVersion != nil { throw ValidationError("diff takes --from and --to, not --version") }
    }

    func run() throws {
        // The rules are loaded once; the same events are scored under each version.
        let session = try EvalSession.load(input)
        let old = try EvalSession.evaluate(input, session, version: from)
        let new = try EvalSession.evaluate(input, session, version: to)
        try EvalSession.handleRejects(old, input)
        guard let fi = session.versions.firstIndex(where: { $0.version == from }),
              let ti = session.versions.firstIndex(where: { $0.version == to }) else { throw ExitCode(2) }
        let diff = RevisionDiff(old: old, new: new, from: fi, to: ti)
        let wording = RevisionDiff.Wording(labels: input.labels(new), verbose: verbose,
                                           rubrics: [session.versions[fi].rubric, session.versions[ti].rubric])
        let text: String
        switch format {
        case .table: text = Quoting.terminalLines(diff.table(wording))
        case .json: text = diff.json()
        case .markdown: text = diff.markdown(wording)
        }
        if let output { try OutputFile.write(text, to: output) } else { Output.standardOutput(text) }
    }
}

enum DiffFormat: String, ExpressibleByArgument, CaseIterable { case table, json, markdown }
