import ArgumentParser

/// The `rubric` command: lint rules, evaluate event logs, explain scores.
@main
struct Rubric: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rubric",
        abstract: "Score event logs against a rubric written as YAML rules.",
        discussion: "Rules live in YAML files (see docs/language.md); events are JSON Lines or CSV.",
        subcommands: [Lint.self, Eval.self, Explain.self, Report.self, Test.self, Diff.self, ExprCommand.self, SchemaCommand.self, Generate.self, Compile.self, Stage.self]
    )
}
