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
        abstract: "Compile the rules to one SQL script (PostgreSQL, Spark SQL or DuckDB) that scores an events table.",
        discussion: """
            The script reads a relation `events` (each declared field as text, plus source_file, source_line, \
            load_error, load_error_field: what `rubric stage` writes) and, with --roster, a relation `roster`; \
            it creates rubric_scores, rubric_rejects and rubric_accounting and selects the scores. \
            A construct a dialect cannot express is an error at its place in the rules file. See docs/scale-out.md.
            """)

    @Option(help: "postgres, spark or duckdb.")
    var dialect: Dialect

    @Option(help: "A rules file, or a directory of rule versions.")
    var rules: String = "rules"

    @Option(name: .customLong("version"), help: "The version to compile; it then scores every period (as `eval --version`). Needed when the rules hold several versions.")
    var forcedVersion: String?

    @Flag(help: "Units come from a `roster` relation (unit plus attribute columns); events of other units are rejected.")
    var roster = false

    @Flag(help: "Keep every intermediate relation a view (no temporary tables or caches).")
    var noMaterialize = false

    @Option(help: "Write the script here instead of standard output.")
    var output: String?

    func run() throws {
        let (rubric, sha) = try StageSupport.version(rules: rules, version: forcedVersion)
        let options = SQLCompiler.Options(dialect: dialect, roster: roster, forcedVersion: forcedVersion != nil, materialize: !noMaterialize)
        switch SQLCompiler.compile(rubric, options: options, sha256: sha) {
        case .success(let script):
            var sink = OutputSink(path: output)
            sink.write(script)
            try sink.finish()
        case .failure(let f):
            let set = RuleSet.load(paths: [rules])
            let renderer = DiagnosticRenderer(files: set.sources)
            Output.standardError(f.diagnostics.map(renderer.render).joined(separator: "\n") + "cannot compile for \(dialect.rawValue)\n")
            throw ExitCode(2)
        }
    }
}

/// `rubric stage`: event files as the text table the SQL script reads.
struct Stage: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write event files as a CSV table for SQL engines: every record read, its fields as text, its file and line, and why it could not be read.")

    @Argument(help: "Events files (JSON Lines or CSV).")
    var events: [String]

    @Option(help: "A rules file, or a directory of rule versions (the schema's fields are the columns).")
    var rules: String = "rules"

    @Option(name: .customLong("version"), help: "The version whose schema is used (default: the newest).")
    var forcedVersion: String?

    @Option(help: "Text encoding of events files: auto, utf-8 or gb18030.")
    var encoding: TextEncoding = .auto

    @Option(help: "Write the table here instead of standard output.")
    var output: String?

    func run() throws {
        let (rubric, _) = try StageSupport.version(rules: rules, version: forcedVersion, requireOne: false)
        let stager = EventStager(schema: rubric.schema)
        var sink = OutputSink(path: output)
        sink.write(EventStager.csvLine(stager.header))
        for path in events {
            let reader: EventFileReader
            do { reader = try EventFileReader(path: path, encoding: encoding) } catch {
                Output.standardError("error: \(error)\n")
                throw ExitCode(2)
            }
            while let item = try reader.next() {
                sink.write(EventStager.csvLine(stager.row(item, typedText: reader.typedText, file: reader.name)))
            }
        }
        try sink.finish()
    }
}

/// Loading the one version `compile` and `stage` work with.
enum StageSupport {
    static func version(rules: String, version: String?, requireOne: Bool = true) throws -> (CheckedRubric, String) {
        let set = RuleSet.load(paths: [rules])
        guard !set.hasErrors, !set.rubrics.isEmpty else {
            let renderer = DiagnosticRenderer(files: set.sources)
            Output.standardError(set.diagnostics.filter { $0.severity == .error }.map(renderer.render).joined(separator: "\n")
                                 + "error: no usable rules in \(rules); run `rubric lint \(rules)`\n")
            throw ExitCode(2)
        }
        let rubric: CheckedRubric
        if let v = version {
            guard let r = set.rubrics.first(where: { $0.meta.version == v }) else {
                Output.standardError("error: no rules version `\(v)` in \(rules); versions: \(set.rubrics.map(\.meta.version).joined(separator: ", "))\n")
                throw ExitCode(2)
            }
            rubric = r
        } else if set.rubrics.count > 1 && requireOne {
            Output.standardError("error: \(rules) holds versions \(set.rubrics.map(\.meta.version).joined(separator: ", ")); pass --version (the script scores every period with it)\n")
            throw ExitCode(2)
        } else {
            rubric = set.rubrics.last!
        }
        return (rubric, (try? FileHash.sha256(path: rubric.meta.file)) ?? "")
    }
}
