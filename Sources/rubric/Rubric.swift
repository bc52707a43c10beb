import ArgumentParser

/// The `rubric` command: lint rules, evaluate event logs, explain scores.
@main
struct Rubric: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rubric",
        abstract: "Score event logs against a rubric written as YAML rules.",
        discussion: "Rules live in YAML files (see docs/language.md); events are JSON Lines or CSV.",
        subcommands: [Lint.self, Eval.self, Explain.self, Report.self, Test.self, Diff.self, ExprCommand.self, SchemaCommand.self, Generate.self, Compile.self, Stage.self, Show.self]
    )

    /// Runs the command with the exit statuses of the README's table: a
    /// usage error (an unknown option, a missing argument) is 2, like every
    /// other "cannot do what was asked", not ArgumentParser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                Output.standardError(fullMessage(for: error) + "\n" + (ExprCommand.dashHint(CommandLine.arguments) ?? ""))
                Output.exit(2)
            }
            exit(withError: error)
        }
    }
}
