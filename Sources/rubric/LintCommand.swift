import ArgumentParser
import Foundation
import RubricCheck
import RubricSyntax

/// `rubric lint PATH...`: report every problem in rules files.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check rules files and report every problem with its position.",
        discussion: "Exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage or unreadable files.")

    @Argument(help: "Rules files or directories (their *.yaml files).", completion: .rules)
    var paths: [String] = ["rules"]

    @Option(help: "Output format: text or json.")
    var format: DiagnosticFormat = .text

    @Flag(help: "Treat warnings as errors for the exit status.")
    var strict = false

    @Option(help: "Language of messages and help: zh or en (default: the rules' `language`, else en). Codes stay the same.")
    var lang: Language?

    func run() throws {
        let set = RuleSet.load(paths: paths)
        let out = DiagnosticOutput(format: format, sources: set.sources, language: set.language(asked: lang))
        out.write(set.diagnostics, unreadable: set.unreadable, files: set.sources.count)
        if !set.unreadable.isEmpty { throw ExitCode(2) }
        let errors = set.diagnostics.filter { $0.severity == .error }.count
        let warnings = set.diagnostics.count - errors
        if errors > 0 || (strict && warnings > 0) { throw ExitCode(1) }
    }
}
