import ArgumentParser
import RubricCheck
import RubricSyntax

/// `rubric show`: one version as a whole rules file. An overlay states only
/// what changes from its base; this is where an author sees what the
/// version as a whole says, and which file each part of it comes from.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one version resolved: its overlays merged onto their bases, as one rules file.",
        discussion: """
        A comment names the file (and line) of each part that comes from another file than the part around it; \
        --no-origins leaves them out. The output is itself a rules file: `rubric lint` reads it as the same rubric. \
        Exit status: 0 shown, 1 shown but the version has errors (`rubric lint` says which), 2 nothing to show.
        """)

    @Argument(help: "Rules files or directories (their *.yaml files).", completion: .rules)
    var paths: [String] = ["rules"]

    @Option(name: .customLong("version"), help: "The version to show (default: the one taking effect last).")
    var version: String?

    @Flag(inversion: .prefixedNo, help: "Name the file each part comes from in comments.")
    var origins = true

    @Option(help: "Write it here instead of standard output.", completion: .output)
    var output: String?

    func run() throws {
        let set = RuleSet.load(paths: paths)
        for u in set.unreadable { Output.standardError("error: \(u)\n") }
        let documents = set.documents.filter { set.trees[$0.file] != nil }
        let chosen: RubricDocument?
        if let version {
            chosen = documents.first { $0.meta.version.value == version }
            if chosen == nil {
                Output.standardError("error: no rules version `\(version)` in \(paths.joined(separator: " ")); versions: "
                                     + documents.map(\.meta.version.value).joined(separator: ", ") + "\n")
                throw ExitCode(2)
            }
        } else {
            chosen = documents.max { ($0.meta.effective.value, $0.file) < ($1.meta.effective.value, $1.file) }
        }
        guard let doc = chosen, let tree = set.trees[doc.file] else {
            let renderer = DiagnosticRenderer(files: set.sources, language: set.language(asked: nil))
            Output.standardError(set.diagnostics.filter { $0.severity == .error }.map(renderer.render).joined(separator: "\n")
                                 + "error: no rules to show in \(paths.joined(separator: " "))\n")
            throw ExitCode(2)
        }
        try OutputFile.write(tree.yaml(origins: origins), to: output ?? "-")
        let files = Set(tree.chain.map(\.path))
        let errors = set.diagnostics.filter { $0.severity == .error && files.contains($0.span.file) }
        if !errors.isEmpty {
            Output.standardError("version \(doc.meta.version.value) has \(errors.count) error(s): `rubric lint \(doc.file)` says where\n")
            throw ExitCode(1)
        }
    }
}
