import ArgumentParser
import Foundation
import RubricCheck
import RubricEval
import RubricSQL
import RubricSyntax

extension Dialect: ExpressibleByArgument {}

/// `rubric compile`: the checked rubric as one SQL script for PostgreSQL,
/// Spark SQL or DuckDB, to score where the events already are.
struct Compile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile the rules to one SQL script (PostgreSQL, Spark SQL or DuckDB) that scores an events table.",
        discussion: """
            The script reads a relation `events` (each declared field as text, plus source_file, source_line, \
            load_error, load_error_field: what `rubric stage` writes) and, with --roster, a relation `roster`; \
            it creates rubric_scores, rubric_rejects and rubric_accounting and selects the scores. \
            A construct a dialect cannot express is an error at its place in the rules file. See docs/scale-out.md.
            """)

    @Option(help: "postgres, spark or duckdb.")
    var dialect: Dialect

    @Option(help: "A rules file, or a directory of rule versions.", completion: .rules)
    var rules: String = "rules"

    @Option(name: .customLong("version"), help: "Compile only this version; it then scores every period (as `eval --version`). Without it, each period is scored by the version in effect on its first day.")
    var forcedVersion: String?

    @Flag(help: "Units come from a `roster` relation (unit plus attribute columns); events of other units are rejected.")
    var roster = false

    @Flag(help: "Keep every intermediate relation a view (no temporary tables or caches).")
    var noMaterialize = false

    @Option(help: "Language of messages: zh or en (default: the rules' `language`, else en).")
    var lang: Language?

    @Option(help: "Write the script here instead of standard output.", completion: .output)
    var output: String?

    func run() throws {
        let (versions, set) = try StageSupport.versions(rules: rules, version: forcedVersion, purpose: "compile")
        let options = SQLCompiler.Options(dialect: dialect, roster: roster, forcedVersion: forcedVersion != nil, materialize: !noMaterialize)
        let hashes = versions.map(set.sha256(of:))
        switch SQLCompiler.compile(versions: versions, options: options, sha256: hashes) {
        case .success(let script):
            let sink = try OutputFile(path: output)
            sink.write(script)
            try sink.finish()
        case .failure(let f):
            let renderer = DiagnosticRenderer(files: set.sources, language: set.language(asked: lang))
            Output.standardError(f.diagnostics.map(renderer.render).joined(separator: "\n") + "cannot compile for \(dialect.rawValue)\n")
            throw ExitCode(2)
        }
    }
}

/// `rubric stage`: event files as the text table the SQL script reads.
struct Stage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage",
        abstract: "Write event files as a CSV table for SQL engines: every record read, its fields as text, its file and line, and why it could not be read.")

    @Argument(help: "Events files (JSON Lines or CSV).", completion: .events)
    var events: [String]

    @Option(help: "A rules file, or a directory of rule versions (the schema's fields are the columns).", completion: .rules)
    var rules: String = "rules"

    @Option(name: .customLong("version"), help: "The version whose schema is used (default: every version's fields).")
    var forcedVersion: String?

    @Option(help: "Text encoding of events files: auto, utf-8 or gb18030.")
    var encoding: TextEncoding = .auto

    @Option(help: "The sheet of an .xlsx events file to read (default: its first).")
    var sheet: String?

    @Option(help: "Write the table here instead of standard output.", completion: .output)
    var output: String?

    func run() throws {
        let (versions, _) = try StageSupport.versions(rules: rules, version: forcedVersion, purpose: "stage")
        let stager = EventStager(schemas: versions.reversed().map(\.schema))
        let sink = try OutputFile(path: output)
        sink.write(EventStager.csvLine(stager.header))
        for path in events {
            let reader: any RecordSource
            let required = versions.map(\.schema.everyEventColumns)
            do { reader = try EventSources.open(path, encoding: encoding, sheet: sheet, requiredColumns: required) } catch {
                Output.standardError("error: \(error)\n")
                throw ExitCode(2)
            }
            do {
                while let item = try reader.next() {
                    sink.write(EventStager.csvLine(stager.row(item, typedText: reader.typedText, file: reader.name)))
                }
            } catch let e as InputError {
                Output.standardError("error: \(e)\n")
                throw ExitCode(2)
            }
        }
        try sink.finish()
    }
}

/// Loading the versions `compile` and `stage` work with.
enum StageSupport {
    /// Every version of the rubric at `rules`, oldest first, or the one `version` names; and the rule set.
    static func versions(rules: String, version: String?, purpose: String) throws -> ([CheckedRubric], RuleSet) {
        let set = try RulesLoading.usable([rules], purpose: purpose)
        let all = set.rubrics.sorted { $0.meta.effective < $1.meta.effective }
        guard let v = version else { return (all, set) }
        return ([all[try RulesLoading.index(of: v, in: all.map(\.meta.version), rules: rules)]], set)
    }
}
