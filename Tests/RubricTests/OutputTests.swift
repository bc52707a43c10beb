import Foundation
import RubricSyntax
import Testing

/// Formats, determinism, encodings, inputs and versions, through the CLI.
@Suite struct OutputTests {
    static let example = ["examples/events-2024.jsonl", "--roster", "examples/roster.txt"]

    @Test func sameInputsGiveByteIdenticalOutput() {
        for format in ["table", "json", "csv", "markdown"] {
            let a = TestSupport.rubric(["eval", "--format", format] + Self.example)
            let b = TestSupport.rubric(["eval", "--format", format] + Self.example)
            #expect(a.status == 0)
            #expect(!a.stdout.isEmpty && a.stdout == b.stdout, "\(format) differs between runs")
        }
    }

    /// The fast parallel reader and the general one give the same bytes,
    /// rejects and accounting included, at any thread count.
    @Test func threadCountsAndReadersAgree() {
        let inputs: [[String]] = [
            Self.example, ["examples/events-2024.csv", "--roster", "examples/roster.txt"],
            ["Tests/Fixtures/cases/07-csv-bom-rejects/events.csv"],
            ["Tests/Fixtures/cases/06-ties-roster/events.jsonl", "--roster", "Tests/Fixtures/cases/06-ties-roster/roster.txt"],
            ["Tests/Fixtures/eval-cases/10-absence-as-of/events.jsonl", "--as-of", "2024-05-15"],
            ["Tests/Fixtures/cases/04-adjustments/events.jsonl", "Tests/Fixtures/encoding/events-gb18030.csv"],
        ]
        for input in inputs {
            let runs = ["0", "1", "2", "5"].map { TestSupport.rubric(["eval", "--keep-going", "--format", "json", "--threads", $0] + input) }
            #expect(runs[0].status == 0, "\(input): \(runs[0].stderr)")
            for r in runs.dropFirst() {
                #expect(r.stdout == runs[0].stdout, "\(input): output differs between readers")
                #expect(r.stderr == runs[0].stderr, "\(input): rejects differ between readers")
            }
        }
    }

    @Test func csvAndJSONLinesScoreAlike() {
        let a = TestSupport.rubric(["eval", "--format", "json", "examples/events-2024.jsonl", "--roster", "examples/roster.txt"])
        let b = TestSupport.rubric(["eval", "--format", "json", "examples/events-2024.csv", "--roster", "examples/roster.txt"])
        #expect(a.status == 0 && a.stdout == b.stdout.replacingOccurrences(of: "events-2024.csv", with: "events-2024.jsonl"))
    }

    @Test func exampleYearTableHasEveryUnit() throws {
        let r = TestSupport.rubric(["eval", "--period", "2024"] + Self.example)
        #expect(r.status == 0)
        let roster = try String(contentsOfFile: TestSupport.path("examples/roster.txt"), encoding: .utf8).split(separator: "\n")
        for u in roster { #expect(r.stdout.contains(u), "\(u) missing") }
        #expect(!r.stdout.contains("2024-Q1"), "--period 2024 shows only the year")
        #expect(r.stdout.contains("events: read "))
    }

    @Test func tableColumnsAlignWithWideCharacters() {
        let r = TestSupport.rubric(["eval", "--period", "2024-Q1"] + Self.example)
        let lines = r.stdout.split(separator: "\n").filter { $0.hasPrefix(" ") || $0.hasPrefix("rank") }
        // Every row's display width is the header's: wide characters count two columns.
        let widths = Set(lines.map { DisplayWidth.of($0) })
        #expect(lines.count == 41)
        #expect(widths.count == 1, "rows have widths \(widths)")
    }

    @Test func jsonNumbersAreExactDecimals() throws {
        let r = TestSupport.rubric(["eval", "--format", "json"] + Self.example)
        #expect(!r.stdout.contains("99999") && !r.stdout.contains("00001"))
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let versions = try #require(obj["versions"] as? [[String: Any]])
        #expect((versions[0]["sha256"] as? String)?.count == 64)
        let events = try #require(obj["events"] as? [String: Int])
        #expect(events["read"] == events["scored"]! + events["rejected"]! + events["after_as_of"]!)
    }

    @Test func markdownAndCSVShapes() {
        let md = TestSupport.rubric(["eval", "--format", "markdown", "--period", "2024"] + Self.example)
        #expect(md.stdout.hasPrefix("## 2024  "))
        #expect(md.stdout.contains("| rank | unit | combined | adjustments | total |"))
        let csv = TestSupport.rubric(["eval", "--format", "csv"] + Self.example)
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.first == "unit,period,version,rank,total,adjustments,combined,leadership,management,efficiency,image")
        #expect(rows.count == 1 + 40 * 5)
    }

    @Test func outputFileIsWrittenWhole() throws {
        let out = TestSupport.tempDir().appendingPathComponent("scores.json")
        let r = TestSupport.rubric(["eval", "--format", "json", "--output", out.path] + Self.example)
        #expect(r.status == 0 && r.stdout.isEmpty)
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text.hasPrefix("{") && text.hasSuffix("}\n"))
        // Writing again replaces the file whole.
        #expect(TestSupport.rubric(["eval", "--format", "csv", "--output", out.path] + Self.example).status == 0)
        #expect(try String(contentsOf: out, encoding: .utf8).hasPrefix("unit,period,"))
        // A run that rejects events writes nothing.
        let bad = TestSupport.tempDir().appendingPathComponent("bad.jsonl")
        TestSupport.write(#"{"date":"2024-01-01","unit":"区财政局","type":"nope"}"# + "\n", to: bad)
        let out2 = TestSupport.tempDir().appendingPathComponent("scores.json")
        #expect(TestSupport.rubric(["eval", "--output", out2.path, bad.path]).status == 1)
        #expect(!FileManager.default.fileExists(atPath: out2.path))
    }

    @Test func standardInputAndSeveralFiles() {
        let a = #"{"date":"2024-01-05","unit":"区财政局","type":"late_arrival"}"#
        let b = #"{"date":"2024-02-05","unit":"区财政局","type":"late_arrival"}"#
        let dir = TestSupport.tempDir()
        TestSupport.write(a + "\n", to: dir.appendingPathComponent("a.jsonl"))
        TestSupport.write(b + "\n", to: dir.appendingPathComponent("b.jsonl"))
        let files = TestSupport.rubric(["eval", "--format", "csv", dir.appendingPathComponent("a.jsonl").path, dir.appendingPathComponent("b.jsonl").path])
        let stdin = TestSupport.rubric(["eval", "--format", "csv", "-"], stdin: a + "\n\n" + b)
        #expect(files.status == 0 && stdin.status == 0)
        #expect(files.stdout == stdin.stdout)
        #expect(stdin.stdout.contains("区财政局,2024-Q1,2024.1,1,95,0,,9,26,50,10"))
    }

    @Test func gb18030IsDetected() {
        let r = TestSupport.rubric(["eval", "--format", "csv", "Tests/Fixtures/encoding/events-gb18030.csv"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("区财政局,2024-Q1,2024.1,1,96,0,,10,26,50,10"))
        #expect(r.stdout.contains("区教育局,2024-Q1,2024.1,2,95,0,,9,30,46,10"))
        let forced = TestSupport.rubric(["eval", "--encoding", "utf-8", "Tests/Fixtures/encoding/events-gb18030.csv"])
        #expect(forced.status == 1 && forced.stderr.contains("not valid UTF-8"))
    }

    @Test func explainShowsTheArithmetic() {
        let r = TestSupport.rubric(["explain", "--unit", "区财政局", "Tests/Fixtures/cases/01-caps/events.jsonl"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Tests/Fixtures/cases/01-caps/events.jsonl:4  2024-01-10  no_leading_group  -2 x 3 = -6"))
        #expect(r.stdout.contains("sum -8, capped at 2 per quarter: -2 (cap cut 6)"))
        #expect(r.stdout.contains("10 -2 -1 = 7"))
        #expect(r.stdout.contains("total: 7 + 22 + 43 + 10 = 82"))
        #expect(r.stdout.contains("mean: (82 + 93) / 2 = 87.5, rounded half up to 2 decimals"))
        let absence = TestSupport.rubric(["explain", "--unit", "区教育局", "Tests/Fixtures/cases/02-floor-clamp/events.jsonl"])
        #expect(absence.stdout.contains("fewer than 1 education_activity in 2024-02: -1 once for the period"))
        #expect(absence.stdout.contains("10 -2 -1 -2 -1 -1 -1 -3 = -1, clamped to [0, 10]: 0"))
        let unknown = TestSupport.rubric(["explain", "--unit", "区财政", "Tests/Fixtures/cases/01-caps/events.jsonl"])
        #expect(unknown.status == 1 && unknown.stderr.contains("did you mean `区财政局`?"))
    }
}
