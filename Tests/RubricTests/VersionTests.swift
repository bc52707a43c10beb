import Foundation
import Testing

/// Several versions side by side: each period is scored by the version in
/// effect on its first day; `--version` forces one; grades come from the rules.
@Suite struct VersionTests {
    /// A rules directory with the seed rubric and a revision taking effect mid-year.
    static func revisedRules() throws -> URL {
        let dir = TestSupport.tempDir()
        let seed = try String(contentsOfFile: TestSupport.path("rules/work-style-2024.yaml"), encoding: .utf8)
        TestSupport.write(seed, to: dir.appendingPathComponent("2024.yaml"))
        let revised = seed
            .replacingOccurrences(of: "version: \"2024.1\"", with: "version: \"2024.2\"")
            .replacingOccurrences(of: "effective: 2024-01-01", with: "effective: 2024-07-01")
            .replacingOccurrences(of: "{id: meeting-late, title: 会议迟到早退 (说明8), on: meeting_late, points: -0.5}",
                                  with: "{id: meeting-late, title: 会议迟到早退 (说明8), on: meeting_late, points: -1}")
            + "\ngrades:\n  - {name: 优秀, min: 95}\n  - {name: 合格, min: 60}\n  - {name: 不合格, min: 0}\n"
        #expect(revised != seed)
        TestSupport.write(revised, to: dir.appendingPathComponent("2024-h2.yaml"))
        return dir
    }

    static let events = [
        #"{"date":"2024-05-10","unit":"区财政局","type":"meeting_late"}"#,
        #"{"date":"2024-08-10","unit":"区财政局","type":"meeting_late"}"#,
    ].joined(separator: "\n") + "\n"

    @Test func eachPeriodUsesTheVersionInEffectOnItsFirstDay() throws {
        let rules = try Self.revisedRules()
        #expect(TestSupport.rubric(["lint", rules.path]).status == 0)
        let file = TestSupport.tempDir().appendingPathComponent("e.jsonl")
        TestSupport.write(Self.events, to: file)
        let r = TestSupport.rubric(["eval", "--rules", rules.path, "--format", "csv", "--lang", "en", "--verbose", "--as-of", "2024-09-30", file.path])
        #expect(r.status == 0, "\(r.stderr)")
        // Q2 by 2024.1 (-0.5), Q3 by 2024.2 (-1 and its grades); the absence rule also bites (no education events).
        #expect(r.stdout.contains("区财政局,2024-Q2,2024.1,1,98.5,-0.5,,9,30,50,10,\n"))
        #expect(r.stdout.contains("区财政局,2024-Q3,2024.2,1,98,-1,,9,30,50,10,优秀\n"))
        let json = TestSupport.rubric(["eval", "--rules", rules.path, "--format", "json", "--as-of", "2024-09-30", file.path])
        #expect(json.stdout.contains("\"version\": \"2024.2\"") && json.stdout.contains("\"grade\": \"优秀\""))
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((obj["versions"] as? [[String: Any]])?.count == 2)
    }

    @Test func versionCanBeForced() throws {
        let rules = try Self.revisedRules()
        let file = TestSupport.tempDir().appendingPathComponent("e.jsonl")
        TestSupport.write(Self.events, to: file)
        let r = TestSupport.rubric(["eval", "--rules", rules.path, "--version", "2024.2", "--format", "csv", "--lang", "en", "--verbose", "--as-of", "2024-09-30", file.path])
        #expect(r.stdout.contains("区财政局,2024-Q2,2024.2,1,98,-1,,9,30,50,10,优秀\n"), "\(r.stdout)")
        let missing = TestSupport.rubric(["eval", "--rules", rules.path, "--version", "9", file.path])
        #expect(missing.status == 2 && missing.stderr.contains("no rules version `9`"))
    }

    /// A revision that declares a new event type: lines are read with the newest
    /// type table, so an older version's period must not reuse its indices.
    /// (Found by the SQL differential tests: the fast reader indexed past the older table.)
    @Test func aNewTypeInARevisionIsUnknownBeforeIt() throws {
        let dir = TestSupport.tempDir()
        let seed = try String(contentsOfFile: TestSupport.path("rules/work-style-2024.yaml"), encoding: .utf8)
        TestSupport.write(seed, to: dir.appendingPathComponent("a.yaml"))
        let revised = seed.replacingOccurrences(of: "version: \"2024.1\"", with: "version: \"2024.2\"")
            .replacingOccurrences(of: "effective: 2024-01-01", with: "effective: 2024-07-01")
            .replacingOccurrences(of: "    service_model_award:", with: "    aaa_new_type: {title: 新类型}\n    service_model_award:")
            .replacingOccurrences(of: "  - {id: meeting-late,", with: "  - {id: new-type, on: aaa_new_type, points: -1}\n  - {id: meeting-late,")
        #expect(revised.contains("aaa_new_type") && revised.contains("id: new-type"))
        TestSupport.write(revised, to: dir.appendingPathComponent("b.yaml"))
        let file = TestSupport.tempDir().appendingPathComponent("e.jsonl")
        TestSupport.write([#"{"date":"2024-03-10","unit":"区财政局","type":"aaa_new_type"}"#,
                           #"{"date":"2024-03-11","unit":"区财政局","type":"meeting_late"}"#,
                           #"{"date":"2024-08-10","unit":"区财政局","type":"aaa_new_type"}"#].joined(separator: "\n") + "\n", to: file)
        var outputs: [String] = []
        for threads in ["0", "2"] {
            let r = TestSupport.rubric(["eval", "--lang", "en", "--rules", dir.path, "--keep-going", "--format", "json", "--threads", threads, file.path])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.contains(":1: type: unknown type aaa_new_type"), "\(r.stderr)")
            #expect(r.stdout.contains("\"adjustments\": -1"), "the Q3 event scores under 2024.2")
            outputs.append(r.stdout)
        }
        #expect(outputs[0] == outputs[1])
    }

    /// One year, one cap: a year-scoped rule capped at 5 in two versions
    /// scoring one year (from January and from July) pools its events from
    /// both (once -10, the cap applied per version), whichever reader reads
    /// the log; `explain` shows the two events under one rule.
    @Test func aYearCapIsAppliedOncePerYearAcrossVersions() throws {
        let rules = try Self.revisedRules()
        let file = TestSupport.tempDir().appendingPathComponent("e.jsonl")
        TestSupport.write([#"{"date":"2024-02-10","unit":"区财政局","type":"most_dissatisfied_department"}"#,
                           #"{"date":"2024-08-10","unit":"区财政局","type":"most_dissatisfied_department"}"#,
                           #"{"date":"2024-08-11","unit":"区财政局","type":"service_model_award"}"#].joined(separator: "\n") + "\n", to: file)
        var outputs: [String] = []
        for threads in ["0", "1", "2"] {
            let r = TestSupport.rubric(["eval", "--rules", rules.path, "--format", "json", "--threads", threads, "--as-of", "2024-12-31", file.path])
            #expect(r.status == 0, "\(r.stderr)")
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let rows = try #require(obj["scores"] as? [[String: Any]])
            let row = try #require(rows.first { ($0["period"] as? String) == "2024" && ($0["unit"] as? String) == "区财政局" })
            #expect("\(row["adjustments"] ?? "")" == "-3", "\(row)")
            outputs.append(r.stdout)
        }
        #expect(Set(outputs).count == 1)
        let explain = TestSupport.rubric(["explain", "--rules", rules.path, "--unit", "区财政局", "--period", "2024", "--as-of", "2024-12-31", "--verbose", file.path])
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.components(separatedBy: "[most-dissatisfied]").count == 2, "\(explain.stdout)")
        #expect(explain.stdout.contains(":1") && explain.stdout.contains(":2"), "both events explained: \(explain.stdout)")
    }

    @Test func brokenRulesStopEvaluation() {
        let r = TestSupport.rubric(["eval", "--rules", "Tests/Fixtures/lint/unknown-field.yaml", "examples/events-2024.jsonl"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("error[unknown-field]"))
    }
}
