import Foundation
import Testing

/// Every rejection reason: the message names file, line and field, and
/// without --keep-going no score is printed and the exit status is 1.
@Suite struct RejectTests {
    struct Bad: Sendable, CustomStringConvertible {
        var name: String
        var line: String
        var expected: String
        var csv = false
        var description: String { name }
    }

    static let header = "date,unit,type,count,rank,level,points,rate"
    static let good = #"{"date":"2024-01-05","unit":"区财政局","type":"education_activity"}"#

    static let bad: [Bad] = [
        Bad(name: "unknown type", line: #"{"date":"2024-01-06","unit":"区财政局","type":"late_arrivel"}"#,
            expected: ":2: type: unknown type late_arrivel (did you mean late_arrival?)"),
        Bad(name: "missing required field", line: #"{"date":"2024-01-06","unit":"区财政局","type":"disciplinary_case"}"#,
            expected: ":2: rank: rank missing (required for disciplinary_case)"),
        Bad(name: "missing unit", line: #"{"date":"2024-01-06","type":"late_arrival"}"#,
            expected: ":2: unit: unit missing (every event needs one)"),
        Bad(name: "out of range", line: #"{"date":"2024-01-06","unit":"区财政局","type":"survey","rate":105}"#,
            expected: ":2: rate: rate 105 outside 0 to 100"),
        Bad(name: "out of the type's range", line: #"{"date":"2024-01-06","unit":"区财政局","type":"covert_finding","points":7}"#,
            expected: ":2: points: points 7 outside 2 to 5 for covert_finding"),
        Bad(name: "not in the enum", line: #"{"date":"2024-01-06","unit":"区财政局","type":"media_exposure","level":"county"}"#,
            expected: ":2: level: level county not one of city, province, national"),
        Bad(name: "no such day", line: #"{"date":"2024-02-30","unit":"区财政局","type":"late_arrival"}"#,
            expected: ":2: date: no such day 2024-02-30"),
        Bad(name: "not a date", line: #"{"date":"2024/02/03","unit":"区财政局","type":"late_arrival"}"#,
            expected: ":2: date: 2024/02/03 is not a date YYYY-MM-DD"),
        Bad(name: "count below one", line: #"{"date":"2024-01-06","unit":"区财政局","type":"late_arrival","count":0}"#,
            expected: ":2: count: count 0 is not an integer >= 1"),
        Bad(name: "count not whole", line: #"{"date":"2024-01-06","unit":"区财政局","type":"late_arrival","count":1.5}"#,
            expected: ":2: count: count 1.5 is not an integer >= 1"),
        Bad(name: "number given as text", line: #"{"date":"2024-01-06","unit":"区财政局","type":"survey","rate":"85"}"#,
            expected: ":2: rate: rate must be a number, found the text \"85\""),
        Bad(name: "broken JSON", line: #"{"date":"2024-01-06","unit":"区财政局","type":"late_arrival""#,
            expected: ":2: broken JSON at column 57: the object is not closed with `}`"),
        Bad(name: "not an object", line: #"["2024-01-06"]"#,
            expected: ":2: broken JSON at column 1: a record must be a JSON object `{...}`"),
        Bad(name: "before the first version", line: #"{"date":"2023-12-31","unit":"区财政局","type":"late_arrival"}"#,
            expected: ":2: date: no rules version is in effect on 2023-12-31 (the earliest takes effect 2024-01-01)"),
        Bad(name: "CSV cell count", line: "2024-01-06,区财政局,late_arrival,,,", expected: ":2: row has 6 cells, the header has 8", csv: true),
        Bad(name: "CSV unknown type", line: "2024-01-06,区财政局,late_arrivel,,,,,", expected: ":2: type: unknown type late_arrivel (did you mean late_arrival?)", csv: true),
        Bad(name: "CSV bad number", line: "2024-01-06,区财政局,survey,,,,,eighty", expected: ":2: rate: rate \"eighty\" is not a number", csv: true),
        Bad(name: "CSV stray quote", line: "2024-01-06,区\"财政局,late_arrival,,,,,", expected: ":2: broken CSV: a quote `\"` inside an unquoted cell (cell 2)", csv: true),
    ]

    @Test(arguments: bad)
    func rejectedWithReasonAndNoScores(_ b: Bad) throws {
        let dir = TestSupport.tempDir()
        let file = dir.appendingPathComponent(b.csv ? "events.csv" : "events.jsonl")
        let first = b.csv ? Self.header : Self.good
        TestSupport.write(first + "\n" + b.line + "\n" + (b.csv ? "2024-01-05,区财政局,education_activity,,,,,\n" : ""), to: file)
        let run = TestSupport.rubric(["eval", "--lang", "en", file.path])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty, "scores printed despite a rejected event")
        #expect(run.stderr.contains(file.path + b.expected), "\(run.stderr)")
        #expect(run.stderr.contains("rejected; no scores printed"), "\(run.stderr)")

        let kept = TestSupport.rubric(["eval", "--lang", "en", "--keep-going", "--format", "json", file.path])
        #expect(kept.status == 0)
        #expect(kept.stdout.contains("\"rejected\": 1"))
    }

    @Test func anEvaluationErrorRejectsTheEventNamingTheRule() {
        // `audit-ratio` divides by `score % 4`: a score of 8 divides by zero.
        let file = TestSupport.tempDir().appendingPathComponent("e.jsonl")
        TestSupport.write(#"{"date":"2024-01-05","unit":"U","type":"audit","score":7}"# + "\n"
                          + #"{"date":"2024-01-06","unit":"U","type":"audit","score":8}"# + "\n", to: file)
        let run = TestSupport.rubric(["eval", "--rules", "Tests/Fixtures/sql/expressions.yaml", file.path])
        #expect(run.status == 1 && run.stdout.isEmpty)
        #expect(run.stderr.contains(file.path + ":2: rule audit-ratio: division by zero"), "\(run.stderr)")
    }

    /// A rubric reading a field its events may lack without a presence test
    /// is refused by lint, so eval never meets it: eval refuses the rules too.
    @Test func anUnguardedReadOfAnOptionalFieldStopsEvalAsLint() {
        let file = TestSupport.tempDir().appendingPathComponent("e.jsonl")
        TestSupport.write(#"{"date":"2024-01-06","unit":"U","type":"meeting"}"# + "\n", to: file)
        let run = TestSupport.rubric(["eval", "--rules", "Tests/Fixtures/lint/optional-field.yaml", file.path])
        #expect(run.status == 2 && run.stdout.isEmpty)
        #expect(run.stderr.contains("error[optional-field]") && run.stderr.contains("cannot evaluate"), "\(run.stderr)")
    }

    @Test func unitNotOnRoster() {
        let dir = TestSupport.tempDir()
        let events = dir.appendingPathComponent("e.jsonl"), roster = dir.appendingPathComponent("roster.txt")
        TestSupport.write(Self.good + "\n" + #"{"date":"2024-01-06","unit":"区财政厅","type":"late_arrival"}"# + "\n", to: events)
        TestSupport.write("区财政局\n\n区教育局\n", to: roster)
        let run = TestSupport.rubric(["eval", "--lang", "en", "--roster", roster.path, events.path])
        #expect(run.status == 1 && run.stdout.isEmpty)
        #expect(run.stderr.contains(events.path + ":2: unit: unit not on the roster: 区财政厅"))
    }

    @Test func invalidUTF8IsRejectedNotDecodedWrongly() throws {
        let dir = TestSupport.tempDir()
        let file = dir.appendingPathComponent("e.jsonl")
        var bytes = Array((Self.good + "\n").utf8)
        bytes += Array(#"{"date":"2024-01-06","unit":"区"#.utf8) + [0xFF, 0xFE] + Array(#"","type":"late_arrival"}"#.utf8) + [0x0A]
        try Data(bytes).write(to: file)
        let run = TestSupport.rubric(["eval", "--lang", "en", "--encoding", "utf-8", file.path])
        #expect(run.status == 1 && run.stdout.isEmpty)
        #expect(run.stderr.contains(file.path + ":2: not valid UTF-8 text (byte 33)"), "\(run.stderr)")
    }

    @Test func rejectsFileKeepsLinesUnchanged() throws {
        let dir = TestSupport.tempDir()
        let file = dir.appendingPathComponent("e.jsonl"), rejects = dir.appendingPathComponent("rejects.jsonl")
        let bad = #"{"date":"2024-01-06","unit":"区财政局","type":"late_arrivel"}"#
        TestSupport.write(Self.good + "\n" + bad + "\n", to: file)
        let run = TestSupport.rubric(["eval", "--lang", "en", "--keep-going", "--rejects", rejects.path, file.path])
        #expect(run.status == 0)
        #expect(run.stdout.contains("区财政局"))
        let line = try String(contentsOf: rejects, encoding: .utf8)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(obj["text"] as? String == bad)
        #expect(obj["line"] as? Int == 2 && obj["field"] as? String == "type")
    }

    /// The seed rubric declares `language: zh`: an office reading the
    /// terminal or the rejects file reads why in Chinese, with the field
    /// name as the rules spell it.
    @Test func reasonsReadInTheRubricsLanguage() throws {
        let dir = TestSupport.tempDir()
        let file = dir.appendingPathComponent("e.jsonl"), rejects = dir.appendingPathComponent("rejects.jsonl")
        TestSupport.write(Self.good + "\n" + #"{"date":"2024-02-30","unit":"区财政局","type":"late_arrival"}"# + "\n", to: file)
        let run = TestSupport.rubric(["eval", "--keep-going", "--rejects", rejects.path, file.path])
        #expect(run.status == 0)
        #expect(run.stderr.contains(file.path + ":2: date: 没有 2024-02-30 这一天"), "\(run.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: rejects)) as? [String: Any])
        #expect(obj["reason"] as? String == "没有 2024-02-30 这一天" && obj["field"] as? String == "date")
        let english = TestSupport.rubric(["eval", "--lang", "en", "--keep-going", file.path])
        #expect(english.stderr.contains(file.path + ":2: date: no such day 2024-02-30"))
    }
}
