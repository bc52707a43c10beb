import Foundation
import RubricEval
import Testing

/// Hostile rules and events: each gets a clear error, never a crash, a hang
/// or a silently wrong score. (Run times are measured by `rubric-bench limits`.)
@Suite struct RobustnessTests {
    static func lint(_ text: String, name: String = "rules.yaml") -> TestSupport.Run {
        let file = TestSupport.tempDir().appendingPathComponent(name)
        TestSupport.write(text, to: file)
        return TestSupport.rubric(["lint", file.path])
    }

    static func eval(_ events: String, name: String = "events.jsonl", extra: [String] = []) -> TestSupport.Run {
        let file = TestSupport.tempDir().appendingPathComponent(name)
        TestSupport.write(events, to: file)
        return TestSupport.rubric(["eval", "--format", "csv", "--lang", "en", "--verbose"] + extra + [file.path])
    }

    static let good = #"{"date":"2024-01-05","unit":"区财政局","type":"late_arrival"}"#

    @Test func billionLaughsIsReportedNotExpanded() {
        let r = Self.lint(HostileInputs.billionLaughs)
        #expect(r.status == 1)
        #expect(r.stdout.contains("error[too-large]: the rules file expands to more than 200000 YAML nodes"))
    }

    @Test func deepYAMLIsReported() {
        let flow = Self.lint(HostileInputs.deepFlowYAML(10_000))
        #expect(flow.status == 1 && flow.stdout.contains("error[too-deep]: YAML nested more than 64 levels deep"), "\(flow.stdout)")
        let block = Self.lint(HostileInputs.deepBlockYAML(1_000))
        #expect(block.status == 1 && block.stdout.contains("error[too-deep]"), "\(block.stdout)")
    }

    @Test func tenThousandParenthesesInARule() throws {
        let base = try String(contentsOfFile: TestSupport.path("Tests/Fixtures/lint/clean.yaml"), encoding: .utf8)
        let r = Self.lint(HostileInputs.deepParens(10_000, base: base))
        #expect(r.status == 1)
        #expect(r.stdout.contains("error[expr-syntax]: expression is nested more than 100 levels deep"))
    }

    @Test func hugeRulesFilesAndNumbers() throws {
        let big = Self.lint(String(repeating: "# padding\n", count: 900_000))
        #expect(big.status == 2 && big.stdout.contains("larger than the 8388608-byte limit"), "\(big.stdout)")
        let base = try String(contentsOfFile: TestSupport.path("Tests/Fixtures/lint/clean.yaml"), encoding: .utf8)
        let r = Self.lint(base.replacingOccurrences(of: "max: 10", with: "max: 1e30"))
        #expect(r.stdout.contains("error[bad-value]: `max` 1e30 is out of range"))
        let lit = Self.lint(base.replacingOccurrences(of: "when: rate < 90.0", with: "when: rate < 99999999999999999999"))
        #expect(lit.stdout.contains("integer literal 99999999999999999999 is out of the int64 range"))
    }

    @Test func emptyAndMissingAndDirectoryInputs() {
        #expect(Self.lint("").stdout.contains("error[empty-file]: the rules file is empty"))
        let empty = Self.eval("")
        #expect(empty.status == 0)
        #expect(empty.stderr.contains("events: read 0 = scored 0 + rejected 0 + after as-of 0"))
        let dir = TestSupport.rubric(["eval", "--lang", "en", "examples"])
        #expect(dir.status == 2 && dir.stderr.contains("examples: is a directory, not an events file"))
        let missing = TestSupport.rubric(["eval", "--lang", "en", "no-such-events.jsonl"])
        #expect(missing.status == 2 && missing.stderr.contains("no-such-events.jsonl: no such file"))
        let rulesDir = TestSupport.rubric(["lint", "rules/tests"])
        #expect(rulesDir.status == 2 && rulesDir.stdout.contains("no rules files (*.yaml, *.yml) in this directory"))
    }

    @Test func overlongLinesAreRejectedAndReadingGoesOn() {
        let long = HostileInputs.overlongEventLine()
        let r = Self.eval(Self.good + "\n" + long + "\n" + Self.good + "\n", extra: ["--keep-going"])
        #expect(r.status == 0)
        #expect(r.stderr.contains(":2: line is longer than 1048576 bytes"))
        #expect(r.stderr.contains("events: read 3 = scored 2 + rejected 1"))
    }

    @Test func hugeNumbersAndOverflowInPoints() {
        let lines = [
            #"{"date":"2024-01-06","unit":"区财政局","type":"survey","rate":1e400}"#,
            #"{"date":"2024-01-06","unit":"区财政局","type":"late_arrival","count":99999999999999999999}"#,
            #"{"date":"2024-01-06","unit":"区财政局","type":"late_arrival","count":9000000000000}"#,
            #"{"date":"2024-01-07","unit":"区财政局","type":"late_arrival","count":4000000000000}"#,
        ]
        let r = Self.eval(lines.joined(separator: "\n") + "\n", extra: ["--keep-going"])
        #expect(r.stderr.contains(":1: rate: rate 1e400 is too large or has more than 6 decimals"), "\(r.stderr)")
        #expect(r.stderr.contains(":2: count: count 99999999999999999999 is too large or has more than 6 decimals"))
        #expect(r.stderr.contains(":3: rule work-discipline: points -2 x 9000000000000 occurrences overflow"))
        // Nothing wraps around: the accepted event scores, the category is floored.
        #expect(r.stdout.contains("区财政局,2024-Q1,2024.1,1,69,0,,9,0,50,10"), "\(r.stdout)")
        // A rule total beyond the range fails the run (even with --keep-going), naming unit, period and rule.
        let over = Self.eval((lines + [lines[3]]).joined(separator: "\n") + "\n", extra: ["--keep-going"])
        #expect(over.status == 1 && over.stdout.isEmpty)
        #expect(over.stderr.contains("error: the score of 区财政局 for 2024-Q1, rule work-discipline, is beyond the range of exact scores"), "\(over.stderr)")
    }

    @Test func nulBytesAndInvalidUTF8AreRejected() throws {
        let dir = TestSupport.tempDir()
        let jsonl = dir.appendingPathComponent("nul.jsonl"), csv = dir.appendingPathComponent("nul.csv")
        TestSupport.write(Self.good + "\n" + #"{"date":"2024-01-06","unit":"区财\#u{0}政局","type":"late_arrival"}"# + "\n", to: jsonl)
        TestSupport.write("date,unit,type\n2024-01-05,区财政局,late_arrival\n2024-01-06,区财\u{0}政局,late_arrival\n", to: csv)
        for (f, line) in [(jsonl, 2), (csv, 3)] {
            let r = TestSupport.rubric(["eval", "--lang", "en", f.path])
            #expect(r.status == 1 && r.stdout.isEmpty)
            #expect(r.stderr.contains(f.path + ":\(line): the line contains a NUL character"), "\(r.stderr)")
        }
        let escaped = Self.eval(Self.good + "\n" + #"{"date":"2024-01-06","unit":"区财\u0000政局","type":"late_arrival"}"# + "\n")
        #expect(escaped.status == 1 && escaped.stderr.contains("NUL characters are not allowed in values"))
    }

    @Test func aTruncatedLastLineIsRejectedWithItsLine() {
        let r = Self.eval(Self.good + "\n" + #"{"date":"2024-01-06","unit":"区财"#)
        #expect(r.status == 1 && r.stdout.isEmpty)
        #expect(r.stderr.contains(":2: broken JSON at column 32: a string is not closed"), "\(r.stderr)")
    }

    @Test func aFailedWriteLeavesNoFile() {
        let out = TestSupport.tempDir().appendingPathComponent("no/such/dir/scores.csv")
        let r = TestSupport.rubric(["eval", "--format", "csv", "--lang", "en", "--verbose", "--output", out.path, "Tests/Fixtures/cases/01-caps/events.jsonl"])
        #expect(r.status == 2 && r.stderr.contains("cannot write"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// Every input a fuzzer ever crashed on stays a regression test.
    @Test func fuzzRegressionsStayFixed() throws {
        for target in ["FuzzRules", "FuzzExpr", "FuzzEvents"] {
            let dir = TestSupport.path("Fuzz/regressions/\(target)")
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() where !name.hasPrefix(".") {
                let path = dir + "/" + name
                switch target {
                case "FuzzRules":
                    let r = TestSupport.rubric(["lint", path])
                    #expect([0, 1, 2].contains(r.status), "\(path) crashed lint: \(r.status)")
                case "FuzzExpr":
                    let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
                    let r = TestSupport.rubric(["expr", "--", text])
                    #expect([0, 1].contains(r.status), "\(path) crashed expr: \(r.status)")
                default:
                    // As the fuzzer read it: as JSON Lines and as CSV, the general reader and the fast one alike.
                    for ext in ["jsonl", "csv"] {
                        let copy = TestSupport.tempDir().appendingPathComponent("events.\(ext)").path
                        try Data(contentsOf: URL(fileURLWithPath: path)).write(to: URL(fileURLWithPath: copy))
                        let runs = ["0", "2"].map { TestSupport.rubric(["eval", "--keep-going", "--format", "json", "--threads", $0, copy]) }
                        #expect([0, 1, 2].contains(runs[0].status), "\(path) crashed eval: \(runs[0].status)")
                        #expect(runs[0].status == runs[1].status && runs[0].stdout == runs[1].stdout && runs[0].stderr == runs[1].stderr,
                                "\(path) as \(ext): the fast reader differs from the general one")
                    }
                }
            }
        }
    }

    /// A failed write to standard output (a full disk) ends the run with one
    /// line and status 2, not a crash and a backtrace (issue 15, item 7).
    @Test func aFailedWriteToStandardOutputIsReportedNotACrash() {
        let r = TestSupport.run("/bin/sh", ["-c", "'\(TestSupport.binary)' eval examples/events-2024.jsonl > /dev/full"])
        #expect(r.status == 2, "\(r.stderr.prefix(300))")
        #expect(r.stderr == "error: cannot write to standard output: No space left on device\n", "\(r.stderr.prefix(300))")
    }

    /// Lint-clean weights once crashed eval (their sum overflowed) or zeroed
    /// the year; `[-1, 2, 1, 1]` was reported as three weights (issue 15, item 8).
    @Test func yearWeightsAreBounded() throws {
        let base = try String(contentsOfFile: TestSupport.path("Tests/Fixtures/rule-tests/weighted.yaml"), encoding: .utf8)
        func lint(_ weights: String) -> TestSupport.Run {
            Self.lint(base.replacingOccurrences(of: "weights: [2, 2, 2, 9]", with: "weights: \(weights)"))
        }
        let huge = lint("[4611686018427387904, 4611686018427387904, 0, 0]")
        #expect(huge.status == 1 && huge.stdout.contains("error[bad-value]: a weight of 4611686018427387904 is out of range (at most 1000)"), "\(huge.stdout)")
        let zero = lint("[0, 0, 0, 0]")
        #expect(zero.status == 1 && zero.stdout.contains("error[bad-value]: the weights add up to 0"), "\(zero.stdout)")
        let big = lint("[1000000000000, 1, 1, 1]")
        #expect(big.status == 1 && big.stdout.contains("a weight of 1000000000000 is out of range"))
        let negative = lint("[-1, 2, 1, 1]")
        #expect(negative.stdout.contains("error[wrong-kind]: a weight must be a whole number >= 0, found `-1`"))
        #expect(!negative.stdout.contains("found 3"), "\(negative.stdout)")
        #expect(lint("[2, 2, 2, 9]").status == 0)
    }
}
