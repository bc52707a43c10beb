import ArgumentParser
import Foundation
import RubricCheck
import RubricEval
import RubricReport
import RubricSyntax

/// `rubric generate`: a synthetic event log for a rubric, for examples and benchmarks.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic event log (deterministic under --seed) that uses every event type of the rules.")

    @Option(help: "A rules file or directory (the newest version's schema is used).", completion: .rules)
    var rules: String = "rules"

    @Option(help: "Units: a roster file; without it, --units generated names.", completion: .roster)
    var roster: String?

    @Option(help: "How many generated units when no roster is given.")
    var units: Int = 300

    @Option(help: "The year the events fall in (default: the year the newest version takes effect, from its first assessment period).")
    var year: Int?

    @Option(help: "About how many events to write in total.")
    var events: Int = 3000

    @Option(help: "Seed of the pseudo-random generator.")
    var seed: UInt64 = 1

    @Option(help: "jsonl or csv.")
    var format: GeneratedFormat = .jsonl

    @Option(help: "Write here instead of standard output.", completion: .output)
    var output: String?

    func run() throws {
        let set = RuleSet.load(paths: [rules])
        guard let rubric = set.rubrics.last, !set.hasErrors else {
            Output.standardError("error: \(rules) has errors; run `rubric lint \(rules)`\n")
            throw ExitCode(2)
        }
        let names = try roster.map { try Roster.load(path: $0).units } ?? (1...max(1, units)).map { "单位" + String(format: "%04d", $0) }
        // Without --year, the events start where the newest version starts scoring.
        let start = rubric.assess.firstStart(onOrAfter: rubric.meta.effective)
        var gen = EventGenerator(rubric: rubric, options: .init(units: names, year: year ?? start.year, events: events, seed: seed))
        let sink = try OutputFile(path: output)
        let fieldNames = rubric.schema.fields.map(\.name)
        if format == .csv { sink.write(fieldNames.joined(separator: ",") + "\n") }
        gen.generate(firstMonth: year == nil ? start.month : 1) { e in
            switch format {
            case .jsonl:
                var w = JSONWriter(pretty: false)
                w.beginObject()
                for f in e.fields { f.isNumber ? w.rawNumber(f.name, f.value) : w.string(f.name, f.value) }
                w.endObject()
                sink.write(w.text + "\n")
            case .csv:
                var cells = [String](repeating: "", count: fieldNames.count)
                for f in e.fields { if let i = fieldNames.firstIndex(of: f.name) { cells[i] = f.value } }
                sink.write(cells.map { Quoting.csv($0, for: .data) }.joined(separator: ",") + "\n")
            }
        }
        try sink.finish()
    }
}

enum GeneratedFormat: String, ExpressibleByArgument { case jsonl, csv }
