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
        #expect(!r.stdout.contains("第一季度"), "--period 2024 shows only the year")
        #expect(r.stdout.hasPrefix("2024年度  全区机关作风和效能建设考核细则（2024.1版）\n名次  单位"), "\(r.stdout.prefix(200))")
        #expect(r.stdout.contains("记录：读取 1964 条 = 计分 1964 条 + 不予计分 0 条 + 截止日后 0 条"))
        // The words follow --lang; --verbose shows the ids an author writes.
        let en = TestSupport.rubric(["eval", "--period", "2024-Q1", "--lang", "en", "--verbose"] + Self.example)
        #expect(en.stdout.hasPrefix("2024-Q1  全区机关作风和效能建设考核细则  version 2024.1\nrank  unit"), "\(en.stdout.prefix(200))")
        #expect(en.stdout.contains("leadership  management  efficiency  image  adjustments  total"))
        #expect(en.stderr.isEmpty && en.stdout.contains("events: read 1964 = scored 1964 + rejected 0 + after as-of 0"))
    }

    @Test func tableColumnsAlignWithWideCharacters() throws {
        let r = TestSupport.rubric(["eval", "--period", "2024-Q1"] + Self.example)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().prefix { !$0.isEmpty }
        let rule = try #require(lines.firstIndex { $0.hasPrefix("----") })
        // Every row's display width is the rule's: wide characters count two columns.
        let rows = lines[(rule + 1)...], width = DisplayWidth.of(lines[rule])
        #expect(rows.count == 40 && rows.allSatisfy { DisplayWidth.of($0) == width }, "rows have widths \(Set(rows.map { DisplayWidth.of($0) }))")
        // The categories' long titles wrap (at their 、) above the rule, so the table fits a terminal.
        #expect(lines[lines.startIndex..<rule].map(String.init) == [
            "                              加强组织领导、  落实内部管理、  转变机关作风、  注重形象建设、",
            "名次  单位                      强化舆论宣传    规范行政行为    提高办事效率    塑造良好风貌  加减分  总分"])
        #expect(width < 120)
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
        #expect(md.stdout.hasPrefix("## 2024年度  "))
        #expect(md.stdout.contains("| 名次 | 单位 | 年度综合得分 | 加减分 | 总分 |"))
        let csv = TestSupport.rubric(["eval", "--format", "csv", "--lang", "en", "--verbose"] + Self.example)
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.first == "unit,period,version,rank,total,adjustments,combined,leadership,management,efficiency,image")
        #expect(rows.count == 1 + 40 * 5)
        // For the office's Excel: its words, the categories' titles, periods as it names them.
        let zh = TestSupport.rubric(["eval", "--format", "csv", "--period", "2024-Q1"] + Self.example).stdout.split(separator: "\n")
        #expect(zh.first == "单位,考核期,版本,名次,总分,加减分,年度综合得分,加强组织领导、强化舆论宣传,落实内部管理、规范行政行为,转变机关作风、提高办事效率,注重形象建设、塑造良好风貌")
        #expect(zh.dropFirst().allSatisfy { $0.contains(",2024年第一季度,2024.1,") })
    }

    @Test func outputFileIsWrittenWhole() throws {
        let out = TestSupport.tempDir().appendingPathComponent("scores.json")
        let r = TestSupport.rubric(["eval", "--format", "json", "--output", out.path] + Self.example)
        #expect(r.status == 0 && r.stdout.isEmpty)
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text.hasPrefix("{") && text.hasSuffix("}\n"))
        // Writing again replaces the file whole.
        #expect(TestSupport.rubric(["eval", "--format", "csv", "--lang", "en", "--verbose", "--output", out.path] + Self.example).status == 0)
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
        let files = TestSupport.rubric(["eval", "--format", "csv", "--lang", "en", "--verbose", dir.appendingPathComponent("a.jsonl").path, dir.appendingPathComponent("b.jsonl").path])
        let stdin = TestSupport.rubric(["eval", "--format", "csv", "--lang", "en", "--verbose", "-"], stdin: a + "\n\n" + b)
        #expect(files.status == 0 && stdin.status == 0)
        #expect(files.stdout == stdin.stdout)
        #expect(stdin.stdout.contains("区财政局,2024-Q1,2024.1,1,95,0,,9,26,50,10"))
    }

    @Test func gb18030IsDetected() {
        let r = TestSupport.rubric(["eval", "--format", "csv", "--lang", "en", "--verbose", "Tests/Fixtures/encoding/events-gb18030.csv"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("区财政局,2024-Q1,2024.1,1,96,0,,10,26,50,10"))
        #expect(r.stdout.contains("区教育局,2024-Q1,2024.1,2,95,0,,9,30,46,10"))
        let forced = TestSupport.rubric(["eval", "--lang", "en", "--encoding", "utf-8", "Tests/Fixtures/encoding/events-gb18030.csv"])
        #expect(forced.status == 1 && forced.stderr.contains("not valid UTF-8"))
    }

    @Test func explainShowsTheArithmetic() {
        let r = TestSupport.rubric(["explain", "--unit", "区财政局", "Tests/Fixtures/cases/01-caps/events.jsonl"])
        #expect(r.status == 0)
        // In the rubric's words: items by number and title, event types by title, periods as an office names them.
        #expect(r.stdout.hasPrefix("区财政局 · 2024年第一季度 · 第1名（共1个单位）\n  评分依据：全区机关作风和效能建设考核细则（2024.1版，2024-01-01起施行；rules/work-style-2024.yaml）\n"))
        #expect(r.stdout.contains("  加强组织领导、强化舆论宣传：满分 10\n    第1项 健全组织机构 · 未成立领导小组\n"))
        #expect(r.stdout.contains("Tests/Fixtures/cases/01-caps/events.jsonl:4  2024-01-10  未成立领导小组  -2 × 3 = -6"))
        #expect(r.stdout.contains("合计 -8，每季度封顶 2：计 -2（封顶核减 6）"))
        #expect(r.stdout.contains("10 -2 -1 = 7"))
        #expect(r.stdout.contains("总分：7 + 22 + 43 + 10 = 82"))
        #expect(r.stdout.contains("平均：（82 + 93）/ 2 = 87.5，四舍五入保留2位小数"))
        #expect(!r.stdout.contains("no-leading-group") && !r.stdout.contains("sha256"), "ids and the hash are for --verbose")
        // --verbose --lang en: the author's view, ids and hash.
        let en = TestSupport.rubric(["explain", "--unit", "区财政局", "--lang", "en", "--verbose", "Tests/Fixtures/cases/01-caps/events.jsonl"])
        #expect(en.stdout.contains("    item 1 健全组织机构 · 未成立领导小组 [no-leading-group]\n"), "\(en.stdout)")
        #expect(en.stdout.contains("events.jsonl:4  2024-01-10  no_leading_group  -2 × 3 = -6"))
        #expect(en.stdout.contains("sum -8, capped at 2 per quarter: -2 (cap cut 6)"))
        #expect(en.stdout.contains("mean: (82 + 93) / 2 = 87.5, rounded half up to 2 decimals"))
        #expect(en.stdout.contains(", sha256 "))
        let absence = TestSupport.rubric(["explain", "--unit", "区教育局", "Tests/Fixtures/cases/02-floor-clamp/events.jsonl"])
        #expect(absence.stdout.contains("2024年2月思想教育活动少于1次：本期计 -1"), "\(absence.stdout)")
        #expect(absence.stdout.contains("10 -2 -1 -2 -1 -1 -1 -3 = -1，扣完为止：0"))
        let unknown = TestSupport.rubric(["explain", "--unit", "区财政", "Tests/Fixtures/cases/01-caps/events.jsonl"])
        #expect(unknown.status == 1 && unknown.stderr.contains("did you mean `区财政局`?"))
    }
}
