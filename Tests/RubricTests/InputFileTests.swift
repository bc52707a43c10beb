import Foundation
import RubricCheck
import RubricEval
import RubricSyntax
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Rosters and rules files are read as carefully as events (issue 15,
/// items 15, 17 and 20).
@Suite struct InputFileTests {
    static func roster(_ text: String, name: String = "roster.csv", language: String = "en") -> TestSupport.Run {
        let file = TestSupport.tempDir().appendingPathComponent(name)
        TestSupport.write(text, to: file)
        return TestSupport.rubric(["eval", "--lang", language, "--roster", file.path, "Tests/Fixtures/cases/01-caps/events.jsonl"])
    }

    /// A malformed roster once gave a phantom unit (`"U1,窗口单位` scored 100
    /// and ranked first); a unit listed twice took its last row's kind.
    @Test func rostersAreValidatedWithLineNumbers() {
        let cases: [(String, String, String)] = [
            ("unit,kind\n\"U1,窗口单位\nU2,机关\n", "roster.csv", "roster.csv:2: a quoted cell is not closed on its line"),
            ("unit,kind\nU1,a\nU2\n", "roster.csv", "roster.csv:3: 1 cell where the header has 2"),
            ("unit,kind\nU1,a\nU1,b\n", "roster.csv", "roster.csv:3: the unit \"U1\" is listed twice (first at "),
            ("unit,kind\n,a\n", "roster.csv", "roster.csv:2: the unit is empty"),
            ("unit,kind\n U1 ,a\n", "roster.csv", "roster.csv:2: the unit \" U1 \" has spaces around it"),
            ("U1\nU2,机关\n", "roster.txt", "roster.txt:2: \"U2,机关\" looks like CSV, but the first line names no `unit` column"),
        ]
        for (text, name, message) in cases {
            let r = Self.roster(text, name: name)
            #expect(r.status == 2 && r.stdout.isEmpty, "\(text)")
            #expect(r.stderr.contains(message), "\(r.stderr)")
        }
        // In the rubric's own language (the seed's is Chinese), the place still first.
        let zh = Self.roster("unit,kind\n U1 ,a\n", language: "zh")
        #expect(zh.status == 2 && zh.stderr.contains("roster.csv:2: 单位 \" U1 \" 前后有空格"), "\(zh.stderr)")
        let ok = Self.roster("\u{FEFF}unit, kind\r\n区财政局, 窗口\r\n\r\nU2,机关\r\n")
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("U2"))
    }

    /// A rubric that declares its roster attributes (`roster:` in the rules)
    /// has every roster checked against them: once any kind was accepted, an
    /// empty one or `other` alike, and a rule for `office` units silently
    /// applied to no unit when the roster said `offfice`.
    @Test func rostersMeetTheDeclaredAttributes() throws {
        let dir = TestSupport.tempDir()
        let rules = dir.appendingPathComponent("rules.yaml")
        let groups = try String(contentsOfFile: TestSupport.path("Tests/Fixtures/rule-tests/groups.yaml"), encoding: .utf8)
        TestSupport.write(groups.replacingOccurrences(of: "values: [window, office], required: false", with: "values: [window, office]"), to: rules)
        let events = dir.appendingPathComponent("e.jsonl")
        TestSupport.write("{\"date\": \"2024-02-01\", \"unit\": \"A\", \"type\": \"late\"}\n", to: events)
        func eval(_ roster: String, _ name: String = "roster.csv") -> TestSupport.Run {
            let file = dir.appendingPathComponent(name)
            TestSupport.write(roster, to: file)
            return TestSupport.rubric(["eval", "--rules", rules.path, "--roster", file.path, events.path])
        }
        let cases: [(String, String, String)] = [
            ("unit,kind\nA,window\nB,offfice\n", "roster.csv", "roster.csv:3: unit \"B\": `kind` is \"offfice\", not one of the values the rubric allows (window, office); did you mean `office`?"),
            ("unit,kind\nA,window\nB,\n", "roster.csv", "roster.csv:3: unit \"B\": no `kind`, which the rubric requires (window, office)"),
            ("unit,knid\nA,window\n", "roster.csv", "roster.csv:1: column `knid` is not an attribute the rubric declares; did you mean `kind`?"),
            ("unit,备注\nA,x\n", "roster.csv", "roster.csv:1: the header has no `kind` column, which the rubric requires"),
            ("A\nB\n", "roster.txt", "roster.txt:1: the rubric requires roster attribute `kind`: write the roster as CSV with a header line `unit,kind`"),
        ]
        for (text, name, message) in cases {
            let r = eval(text, name)
            #expect(r.status == 2 && r.stdout.isEmpty, "\(text)")
            #expect(r.stderr.contains(message), "\(r.stderr)")
        }
        let ok = eval("unit,kind,备注\nA, window ,x\nB,office,\n")
        #expect(ok.status == 0, "\(ok.stderr)")
        // A rule test's roster is held to the same declaration.
        let test = dir.appendingPathComponent("kinds.test.yaml")
        TestSupport.write("""
        rules: rules.yaml
        tests:
          - name: a kind the rubric does not declare
            roster: [{unit: A, kind: window}, {unit: B, kind: widnow}]
            events: [{date: 2024-02-01, unit: A, type: late}]
            expect: [{unit: A, period: 2024-Q1, total: 7}]
        """, to: test)
        let run = TestSupport.rubric(["test", test.path])
        #expect(run.status == 1 && run.stdout.contains("roster: unit B: `kind` is \"widnow\", not one of the values the rubric allows (window, office); did you mean `window`?"), "\(run.stdout)")
    }

    /// The size is checked before reading, and only regular files are read
    /// (a 4 GiB sparse file once cost 4.2 GB; a FIFO or /dev/zero was
    /// reported as "permission").
    @Test func rulesFilesAreCheckedBeforeTheyAreRead() throws {
        let dir = TestSupport.tempDir()
        let sparse = dir.appendingPathComponent("huge.yaml").path
        #expect(FileManager.default.createFile(atPath: sparse, contents: nil))
        #expect(truncate(sparse, 4 << 30) == 0)
        let r = TestSupport.rubric(["lint", sparse])
        #expect(r.status == 2 && r.stdout.contains("4294967296 bytes is larger than the 8388608-byte limit"), "\(r.stdout)")
        let fifo = dir.appendingPathComponent("rules.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in [fifo, "/dev/zero"] {
            let r = TestSupport.rubric(["lint", path])
            #expect(r.status == 2 && r.stdout.contains("\(path): cannot read: not a regular file"), "\(r.stdout)")
        }
    }

    /// The hash a score names is of the bytes that were parsed: a file
    /// replaced after loading does not lend its hash to the old rules.
    @Test func theHashIsOfTheBytesParsed() throws {
        let dir = TestSupport.tempDir()
        let file = dir.appendingPathComponent("rules.yaml")
        let original = try Data(contentsOf: URL(fileURLWithPath: TestSupport.path("Tests/Fixtures/lint/clean.yaml")))
        try original.write(to: file)
        let copy = dir.appendingPathComponent("copy.yaml")
        try original.write(to: copy)
        let set = RuleSet.load(paths: [file.path])
        let rubric = try #require(set.rubrics.first)
        try Data("# replaced\n".utf8).write(to: file)
        let hash = set.source(of: rubric).map(FileHash.sha256)
        let expected = TestSupport.run("/usr/bin/sha256sum", [copy.path]).stdout.split(separator: " ").first.map(String.init)
        #expect(hash != nil && hash == expected)
    }
}
