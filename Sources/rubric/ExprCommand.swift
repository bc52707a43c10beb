import ArgumentParser
import RubricAuthoring
import RubricCheck
import RubricSyntax

/// `rubric expr 'EXPR'`: try an expression.
struct ExprCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expr",
        abstract: "Parse, type-check and evaluate one expression; print its value and type, or the diagnostic.",
        discussion: "Exit status: 0 a value, 1 a syntax, type or evaluation error, 2 bad options.")

    @Argument(help: "The expression, e.g. 'rate < 90.0'.")
    var expression: String

    @Option(help: "An event as a JSON object; its fields are in scope.")
    var event: String?

    @Option(help: "A rules file: check against its event schema.", completion: .rules)
    var rules: String?

    @Option(help: "With --rules: the event type whose fields the expression sees.")
    var type: String?

    /// An expression starting with `-` (`rubric expr '-1 + 2'`) reads as an
    /// option, so parsing fails; the hint says to put `--` first.
    static func dashHint(_ arguments: [String]) -> String? {
        guard arguments.count > 2, arguments[1] == "expr", !arguments.contains("--") else { return nil }
        let options: Set<String> = ["--event", "--rules", "--type", "-h", "--help"]
        guard let dashed = arguments.dropFirst(2).first(where: { $0.hasPrefix("-") && !options.contains($0.split(separator: "=").first.map(String.init) ?? $0) }) else { return nil }
        return "hint: `\(dashed)` starts with `-`, so it reads as an option; put `--` before the expression: rubric expr -- '\(dashed)'\n"
    }

    func validate() throws {
        if type != nil && rules == nil { throw ValidationError("--type needs --rules") }
    }

    func run() throws {
        var schema: Schema?
        if let rules {
            let set = RuleSet.load(paths: [rules])
            guard let r = set.rubrics.last, !set.hasErrors else {
                Output.standardError("error: \(rules) has errors; run `rubric lint \(rules)`\n")
                throw ExitCode(2)
            }
            schema = r.schema
        }
        switch ExprTool().run(expression, event: event, schema: schema, type: type) {
        case .value(let v, let t):
            Output.standardOutput(Quoting.terminal("\(v) (\(t))") + "\n")
        case .diagnostics(let ds, let source):
            Output.standardError(DiagnosticRenderer(files: [source]).render(ds))
            throw ExitCode(1)
        case .failed(let why):
            Output.standardError("error: \(why)\n")
            throw ExitCode(2)
        }
    }
}
