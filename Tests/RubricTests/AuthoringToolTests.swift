import Foundation
import RubricEval
import Testing

/// `rubric schema`, `rubric diff` and `rubric expr`.
@Suite struct AuthoringToolTests {
    @Test func schemaIsCurrentAndComplete() throws {
        let r = TestSupport.rubric(["schema"])
        #expect(r.status == 0)
        let committed = try String(contentsOfFile: TestSupport.path("docs/rubric.schema.json"), encoding: .utf8)
        #expect(r.stdout == committed, "docs/rubric.schema.json is stale: run `swift run rubric schema > docs/rubric.schema.json`")
        #expect(!r.stdout.contains("UNDOCUMENTED"), "a key of the language has no schema definition")
        #expect(r.stdout.contains("\"$schema\" : \"https://json-schema.org/draft/2020-12/schema\"")
                || r.stdout.contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\""))
    }

    /// Validates with the `jsonschema` Python package (installed by .ci/run).
    @Test func shippedRulesValidateAndBrokenOnesDoNot() {
        // Every rules file in rules/ and examples/ (rule tests are not rules files).
        var good: [String] = []
        for dir in ["rules", "examples"] {
            let e = FileManager.default.enumerator(atPath: TestSupport.path(dir))
            while let f = e?.nextObject() as? String {
                if f.hasSuffix(".yaml") && !f.hasSuffix(".test.yaml") { good.append(dir + "/" + f) }
            }
        }
        good.sort()
        #expect(good.contains("rules/work-style-2024.yaml") && good.contains("examples/revisions/work-style-2025.yaml"))
        good += ["Tests/Fixtures/lint/clean.yaml", "Tests/Fixtures/overlays/softer.yaml", "Tests/Fixtures/overlays/stricter.yaml"]
        let ok = TestSupport.run("/usr/bin/env", ["python3", "scripts/validate-schema.py", "docs/rubric.schema.json"] + good)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        for file in good { #expect(ok.stdout.contains("\(file): ok")) }
        // An overlay with a misspelt key, and one without its own version and date.
        let dir = TestSupport.tempDir()
        TestSupport.write("extends: base.yaml\nrubric: {version: \"2\", effective: 2025-01-01}\ncatgories: []\n", to: dir.appendingPathComponent("typo.yaml"))
        TestSupport.write("extends: base.yaml\nrubric: {title: x}\n", to: dir.appendingPathComponent("dateless.yaml"))
        for file in ["Tests/Fixtures/lint/unknown-key.yaml", "Tests/Fixtures/lint/wrong-kind.yaml", "Tests/Fixtures/lint/missing-key.yaml",
                     dir.appendingPathComponent("typo.yaml").path, dir.appendingPathComponent("dateless.yaml").path] {
            let r = TestSupport.run("/usr/bin/env", ["python3", "scripts/validate-schema.py", "docs/rubric.schema.json", file])
            #expect(r.status == 1, "\(file) should not validate: \(r.stdout)\(r.stderr)")
            #expect(r.stdout.contains("\(file): "))
        }
    }

    @Test func diffShowsTheRevisionsEffectPerUnit() throws {
        let r = TestSupport.rubric(["diff", "--rules", "rules", "--rules", "examples/revisions", "--from", "2024.1", "--to", "2025.1",
                                    "examples/events-2024.jsonl", "--roster", "examples/roster.txt", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let changes = try #require(obj["changes"] as? [[String: Any]])
        #expect(changes.count == 40 * 5)
        // Every change is accounted for: rule changes plus the rest sum to the change.
        for c in changes {
            let rules = (c["rules"] as? [[String: Any]] ?? []).reduce(0.0) { $0 + (($1["change"] as? NSNumber)?.doubleValue ?? 0) }
            let other = (c["other"] as? NSNumber)?.doubleValue ?? 0
            let change = (c["change"] as? NSNumber)?.doubleValue ?? 0
            #expect(abs(rules + other - change) < 1e-9)
        }
        let survey = changes.filter { ($0["rules"] as? [[String: Any]] ?? []).contains { $0["rule"] as? String == "survey" } }
        #expect(!survey.isEmpty, "the raised survey threshold changes some scores")
        let committed = try String(contentsOfFile: TestSupport.path("examples/revisions/diff-2024.1-to-2025.1.md"), encoding: .utf8)
        let md = TestSupport.rubric(["diff", "--rules", "rules", "--rules", "examples/revisions", "--from", "2024.1", "--to", "2025.1",
                                     "examples/events-2024.jsonl", "--roster", "examples/roster.txt", "--format", "markdown"])
        #expect(md.stdout == committed, "examples/revisions/diff-2024.1-to-2025.1.md is stale")
    }

    @Test func diffNeedsKnownVersions() {
        let r = TestSupport.rubric(["diff", "--from", "2024.1", "--to", "2030.9", "examples/events-2024.jsonl"])
        #expect(r.status == 2 && r.stderr.contains("no rules version `2030.9`"))
    }

    /// `generate` follows the rules it is given: about `--events` lines in
    /// total, every type some rule scores present, dated from where the
    /// newest version starts scoring unless `--year` says otherwise.
    @Test func generateWritesAboutTheEventsAskedForFromTheRules() throws {
        let seedTypes = try TestSupport.compiled()[0].rules.flatMap { $0.source.absence?.types ?? $0.source.types }
        let schema = TestSupport.compiled()[0].rubric.schema
        let wanted = Set(seedTypes.map { schema.types[$0].name })
        for n in [3, 500, 5000] {
            let r = TestSupport.rubric(["generate", "--events", "\(n)", "--seed", "3"])
            #expect(r.status == 0, "\(r.stderr)")
            let lines = r.stdout.split(separator: "\n")
            #expect(abs(lines.count - n) <= max(3, n / 20), "--events \(n) wrote \(lines.count) lines")
            if n >= wanted.count {
                var seen = Set<String>()
                for l in lines {
                    let obj = try #require(try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any])
                    seen.insert(obj["type"] as! String)
                }
                #expect(seen == wanted, "--events \(n): missing \(wanted.subtracting(seen).sorted())")
            }
        }
        // A revision taking effect in 2025: its events fall in 2025 and all score.
        let revision = "examples/revisions/work-style-2025.yaml"
        let log = TestSupport.tempDir().appendingPathComponent("g.jsonl")
        #expect(TestSupport.rubric(["generate", "--rules", revision, "--events", "400", "--units", "5", "--output", log.path]).status == 0)
        let text = try String(contentsOf: log, encoding: .utf8)
        #expect(!text.contains("\"2024-") && text.contains("\"2025-"))
        let eval = TestSupport.rubric(["eval", "--rules", revision, "--format", "csv", "--lang", "en", "--verbose", log.path])
        #expect(eval.status == 0 && eval.stderr.contains("rejected 0"), "\(eval.stderr)")
        // --year overrides.
        let y = TestSupport.rubric(["generate", "--rules", revision, "--events", "50", "--units", "5", "--year", "2026"])
        #expect(y.stdout.contains("\"2026-") && !y.stdout.contains("\"2025-"))
    }

    /// An expression starting with `-` reads as an option: the usage error
    /// says to put `--` first, and with it the expression is evaluated.
    @Test func exprHintsAtDashDashForALeadingMinus() {
        let r = TestSupport.rubric(["expr", "-1 + 2"])
        #expect(r.status == 2 && r.stderr.contains("put `--` before the expression: rubric expr -- '-1 + 2'"), "\(r.stderr)")
        let ok = TestSupport.rubric(["expr", "--", "-1 + 2"])
        #expect(ok.status == 0 && ok.stdout.contains("1 (int)"), "\(ok.stdout)\(ok.stderr)")
    }

    /// `--event` is range-checked as `eval` checks an event (once `rate: 150` was evaluated as given).
    @Test func exprChecksTheEventsRangesAsEvalDoes() {
        let high = TestSupport.rubric(["expr", "--rules", "rules", "--type", "survey", "--event", #"{"rate": 150}"#, "--", "rate"])
        #expect(high.status == 2 && high.stderr.contains("--event: rate 150 outside 0 to 100"), "\(high.stderr)")
        let own = TestSupport.rubric(["expr", "--rules", "rules", "--type", "covert_finding", "--event", #"{"points": 1}"#, "--", "points"])
        #expect(own.status == 2 && own.stderr.contains("--event: points 1 outside 2 to 5 for covert_finding"), "\(own.stderr)")
        let ok = TestSupport.rubric(["expr", "--rules", "rules", "--type", "covert_finding", "--event", #"{"points": 2.5}"#, "--", "-points"])
        #expect(ok.status == 0 && ok.stdout == "-2.5 (double)\n", "\(ok.stdout)\(ok.stderr)")
    }

    @Test func exprPrintsValueAndType() {
        #expect(TestSupport.rubric(["expr", "--event", #"{"rate": 79.5}"#, "--", "-2.0 * math.ceil((90.0 - rate) / 10.0)"]).stdout == "-4.0 (double)\n")
        #expect(TestSupport.rubric(["expr", "size('考核') + 1"]).stdout == "3 (int)\n")
        let typed = TestSupport.rubric(["expr", "--rules", "rules/work-style-2024.yaml", "--type", "disciplinary_case",
                                        "--event", #"{"rank": "leader"}"#, "rank in ['unit', 'leader']"])
        #expect(typed.stdout == "true (bool)\n")
    }

    @Test func exprShowsDiagnosticsWithCarets() {
        let r = TestSupport.rubric(["expr", "--rules", "rules", "--type", "disciplinary_case", "rank == 'leeder'"])
        #expect(r.status == 1)
        #expect(r.stderr == """
        <expr>:1:9: error[enum-value]: `leeder` is not a value of the enum field `rank`
         1 | rank == 'leeder'
           |         ^^^^^^^^
          help: did you mean `leader`?

        """)
        let e = TestSupport.rubric(["expr", "1 / 0"])
        #expect(e.status == 1 && e.stderr.contains("error[eval-error]: division by zero"))
        let t = TestSupport.rubric(["expr", "--rules", "rules", "--type", "late_arival", "1"])
        #expect(t.status == 2 && t.stderr.contains("did you mean `late_arrival`?"))
    }
}
