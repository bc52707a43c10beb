import Foundation
import RubricCheck
import RubricEval
import RubricSyntax

/// `rubric-bench limits`: how long each hostile input takes to be refused.
/// Every one must be answered quickly with an error, never expanded,
/// recursed into or buffered without bound.
enum LimitsBenchmark {
    static func run(runs: Int) {
        let clean = (try? String(contentsOfFile: "Tests/Fixtures/lint/clean.yaml", encoding: .utf8)) ?? ""
        let cases: [(String, () -> String)] = [
            ("billion laughs (10^9 aliased nodes)", { lint(HostileInputs.billionLaughs) }),
            ("YAML nested 10,000 deep (flow)", { lint(HostileInputs.deepFlowYAML(10_000)) }),
            ("YAML nested 1,000 deep (block)", { lint(HostileInputs.deepBlockYAML(1_000)) }),
            ("rule with 10,000 nested parentheses", { lint(HostileInputs.deepParens(10_000, base: clean)) }),
            ("expression of 10,000 parentheses", { parse(HostileInputs.parentheses(10_000)) }),
            ("expression of 100,000 additions", { parse(HostileInputs.additions(100_000)) }),
            ("8 MiB rules file of comments", { lint(String(repeating: "# padding\n", count: 800_000)) }),
            ("2 MB events line", { events(HostileInputs.overlongEventLine() + "\n") }),
            ("200,000 broken JSON lines", { events(String(repeating: "{\"date\":\n", count: 200_000)) }),
        ]
        print("limit | median | min | max | outcome")
        print("--- | ---: | ---: | ---: | ---")
        for (name, body) in cases {
            var outcome = ""
            let t = Timing.measure(runs: runs) { outcome = body() }
            print("\(name) | \(Timing.ms(t.median)) | \(Timing.ms(t.min)) | \(Timing.ms(t.max)) | \(outcome)")
        }
        print(String(format: "peak RSS %.0f MiB", peakRSSMiB()))
    }

    static func lint(_ text: String) -> String {
        let loaded = RubricLoader.load(SourceFile(path: "hostile.yaml", text: text))
        var codes = loaded.diagnostics.map(\.code)
        if let doc = loaded.document { codes += RubricChecker.check(doc).1.map(\.code) }
        return Set(codes).sorted().joined(separator: ", ")
    }

    static func parse(_ text: String) -> String {
        ExprSource(text: text).syntaxDiagnostic?.message ?? "parsed"
    }

    static func events(_ text: String) -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rubric-bench-\(getpid()).jsonl")
        try? Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        guard let reader = try? EventFileReader(path: file.path, encoding: .utf8) else { return "unreadable" }
        var records = 0, broken = 0
        while let item = try? reader.next() {
            if case .broken = item { broken += 1 } else { records += 1 }
        }
        return "\(records) records, \(broken) rejected"
    }
}
