import ArgumentParser
import RubricAuthoring
import RubricSyntax

/// `rubric test PATH...`: run rule tests, like `promtool test rules`.
struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run rule tests (*.test.yaml): inline events and the scores they must give.",
        discussion: "Exit status: 0 all passed, 1 a test failed or a test file is broken, 2 usage or unreadable files.")

    @Argument(help: "Test files, or directories searched for *.test.yaml.", completion: .ruleTests)
    var paths: [String] = ["rules/tests"]

    @Option(help: "Rules for every test file, instead of each file's `rules:` (which must stay inside the project).", completion: .rules)
    var rules: String?

    @Flag(help: "Also fail when some rule is exercised by no test.")
    var requireCoverage = false

    @Flag(name: .shortAndLong, help: "List only the failing tests.")
    var quiet = false

    func run() throws {
        let report = RuleTestRunner().run(paths: paths, rules: rules)
        var out = ""
        if !report.diagnostics.isEmpty {
            out += DiagnosticRenderer(files: report.sources).render(report.diagnostics) + "\n"
        }
        for o in report.outcomes {
            if o.passed {
                if !quiet { out += "\(o.file):\(o.line): PASS \(o.name)\n" }
                continue
            }
            out += "\(o.file):\(o.line): FAIL \(o.name)\n"
            for f in o.failures { out += "    \(f)\n" }
            if !o.explanation.isEmpty {
                out += "  how the actual scores came about:\n"
                out += o.explanation.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
            }
        }
        let failed = report.outcomes.filter { !$0.passed }.count
        out += "\(report.outcomes.count) tests: \(report.outcomes.count - failed) passed, \(failed) failed\n"
        let missing = report.allRules.filter { !report.exercised.contains($0) }
        out += "rules exercised: \(report.allRules.count - missing.count) of \(report.allRules.count)"
        out += missing.isEmpty ? "\n" : "; not exercised:\n" + Self.wrapped(missing)
        Output.standardOutput(Quoting.terminalLines(out))
        // A test file that cannot be read is a usage error, as for every command.
        if report.diagnostics.contains(where: { $0.code == .unreadable }) { throw ExitCode(2) }
        if report.failed || (requireCoverage && !missing.isEmpty) { throw ExitCode(1) }
    }

    /// `version/rule` names, a line per version, wrapped to fit a terminal.
    static func wrapped(_ names: [String], width: Int = 100) -> String {
        var byVersion: [(String, [String])] = []
        for n in names {
            let (v, id) = n.firstIndex(of: "/").map { (String(n[..<$0]), String(n[n.index(after: $0)...])) } ?? ("", n)
            if let i = byVersion.firstIndex(where: { $0.0 == v }) { byVersion[i].1.append(id) } else { byVersion.append((v, [id])) }
        }
        var out = ""
        for (v, ids) in byVersion {
            var line = "  \(v):"
            for id in ids {
                if line.count + id.count + 2 > width { out += line + "\n"; line = "   " }
                line += " " + id + (id == ids.last ? "" : ",")
            }
            out += line + "\n"
        }
        return out
    }
}
