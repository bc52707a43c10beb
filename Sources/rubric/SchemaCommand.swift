import ArgumentParser
import RubricAuthoring

/// `rubric schema`: the JSON Schema of rules files, for editors.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of rules files.",
        discussion: "Point an editor at it: `# yaml-language-server: $schema=docs/rubric.schema.json` (the copy `rubric schema > docs/rubric.schema.json` keeps).")

    func run() throws { Output.standardOutput(try RulesSchema.text()) }
}
