import Foundation
import Testing

/// `rubric test`: the seed rubric's rule tests pass and cover every rule;
/// a broken rule makes them fail with expected against actual.
@Suite struct RuleTestCommandTests {
    @Test func seedRuleTestsPassAndCoverEveryRule() {
        let r = TestSupport.rubric(["test", "--require-coverage", "rules/tests"])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains(" 0 failed"))
        let coverage = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let parts = coverage.split(separator: " ")
        #expect(parts.count >= 5 && parts[2] == parts[4], "\(coverage)")
    }

    @Test func revisionRuleTestsPass() {
        let r = TestSupport.rubric(["test", "examples/revisions/tests"])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("9 tests: 9 passed, 0 failed"))
    }

    @Test func groupsOfUnitsAndWeightedYears() {
        let r = TestSupport.rubric(["test", "Tests/Fixtures/rule-tests"])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("3 tests: 3 passed, 0 failed"))
        for f in ["groups", "weighted", "bonus"] { #expect(TestSupport.rubric(["lint", "--strict", "Tests/Fixtures/rule-tests/\(f).yaml"]).status == 0) }
    }

    /// A copy of the rules and their tests in a temporary folder.
    static func copyRules() throws -> URL {
        let dir = TestSupport.tempDir()
        try FileManager.default.copyItem(atPath: TestSupport.path("rules"), toPath: dir.appendingPathComponent("rules").path)
        return dir.appendingPathComponent("rules")
    }

    @Test func aBrokenRuleFailsWithExpectedAndActual() throws {
        let rules = try Self.copyRules()
        let file = rules.appendingPathComponent("work-style-2024.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        TestSupport.write(text.replacingOccurrences(of: "on: [late_arrival, early_leave, off_post, idle_at_work, drinking]\n            points: -2",
                                                    with: "on: [late_arrival, early_leave, off_post, idle_at_work, drinking]\n            points: -3"), to: file)
        let r = TestSupport.rubric(["test", rules.appendingPathComponent("tests").path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("FAIL every kind of work-discipline breach costs 2"))
        #expect(r.stdout.contains("区财政局 2024-Q1 rule work-discipline: expected -10, got -15"))
        #expect(r.stdout.contains("区财政局 2024-Q1 category management: expected 20, got 15"))
        #expect(r.stdout.contains("how the actual scores came about:"))
        #expect(r.stdout.contains("late_arrival  -3"))
        // The explanation names the rules' hash (once printed as `sha256 )`, empty).
        #expect(r.stdout.range(of: "sha256 [0-9a-f]{12}\\)", options: .regularExpression) != nil, "\(r.stdout)")
    }

    /// The rules no test exercised, a line per version, wrapped (once 65 ids on one line).
    @Test func theCoverageLineIsWrapped() {
        let r = TestSupport.rubric(["test", "examples/revisions/14-mid-year/tests"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("rules exercised: 3 of 67; not exercised:") })
        #expect(lines.contains { $0.hasPrefix("  2024.1: appraisal-issue-unresolved,") } && lines.contains { $0.hasPrefix("  2024.2: ") })
        #expect(lines.drop { !$0.hasPrefix("rules exercised") }.allSatisfy { $0.count <= 100 })
    }

    @Test func brokenTestFilesAreDiagnosed() throws {
        let rules = try Self.copyRules()
        let file = rules.appendingPathComponent("tests/broken.test.yaml")
        TestSupport.write("""
        rules: ..
        tests:
          - name: typo in a key
            events: []
            expct: []
        """, to: file)
        TestSupport.write("""
        tests:
          - name: an unexpected reject is a failure
            events:
              - {date: 2024-01-01, unit: U, type: nope}
            expect: []
        """, to: rules.appendingPathComponent("tests/reject.test.yaml"))
        let r = TestSupport.rubric(["test", rules.appendingPathComponent("tests").path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("broken.test.yaml:5:5: error[unknown-key]: unknown key `expct` in a test"))
        #expect(r.stdout.contains("help: did you mean `expect`?"))
        #expect(r.stdout.contains("event 1 was rejected (type: unknown type nope); state it under `rejects` if that is intended"))
    }

    /// A test file's `rules:` stays inside the project and names rules
    /// (issue 15, item 5): it once read `../../etc/passwd` and echoed its
    /// lines into diagnostics, and joined an absolute path onto the test's
    /// folder (`/srv/rules` became `t2//srv/rules`).
    @Test func aTestFileCannotPointItsRulesAnywhere() throws {
        let dir = TestSupport.tempDir()
        let tests = dir.appendingPathComponent("a/t2")
        try FileManager.default.createDirectory(at: tests, withIntermediateDirectories: true)
        let body = "tests:\n  - name: x\n    events: []\n    expect:\n      - {unit: A, period: 2024-Q1, total: 1}\n"
        let up = String(repeating: "../", count: 12)
        TestSupport.write("rules: \(up)etc/passwd\n" + body, to: tests.appendingPathComponent("a.test.yaml"))
        TestSupport.write("rules: ../notes.txt\n" + body, to: tests.appendingPathComponent("b.test.yaml"))
        TestSupport.write("root:x:0:0:secret\n", to: dir.appendingPathComponent("a/notes.txt"))
        // Two folders up is outside, unless named on the command line.
        TestSupport.write("rules: ../../elsewhere.yaml\n" + body, to: tests.appendingPathComponent("d.test.yaml"))
        TestSupport.write("not: rules\n", to: dir.appendingPathComponent("elsewhere.yaml"))
        try FileManager.default.createSymbolicLink(atPath: tests.appendingPathComponent("link.yaml").path, withDestinationPath: "/etc/passwd")
        TestSupport.write("rules: link.yaml\n" + body, to: tests.appendingPathComponent("c.test.yaml"))
        let r = TestSupport.rubric(["test", tests.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("a.test.yaml:1:8: error[bad-rules]: `rules: \(up)etc/passwd` leads outside the project, to /etc/passwd"), "\(r.stdout)")
        #expect(r.stdout.contains("b.test.yaml:1:8: error[bad-rules]: `rules: ../notes.txt` is not a rules file"), "\(r.stdout)")
        #expect(r.stdout.contains("c.test.yaml:1:8: error[bad-rules]: `rules: link.yaml` leads outside the project, to /etc/passwd"), "\(r.stdout)")
        #expect(!r.stdout.contains("root:x:0") && !r.stderr.contains("root:x:0"))
        #expect(r.stdout.contains("d.test.yaml:1:8: error[bad-rules]: `rules: ../../elsewhere.yaml` leads outside the project"), "\(r.stdout)")
        // An absolute path inside the project is taken as it is; --rules replaces every file's `rules:`.
        let copy = try Self.copyRules()
        let abs = copy.appendingPathComponent("tests/abs.test.yaml")
        let original = try String(contentsOf: copy.appendingPathComponent("tests").appendingPathComponent(
            try FileManager.default.contentsOfDirectory(atPath: copy.appendingPathComponent("tests").path).filter { $0.hasSuffix(".test.yaml") }.sorted()[0]), encoding: .utf8)
        #expect(original.contains("rules: ..\n"))
        TestSupport.write(original.replacingOccurrences(of: "rules: ..\n", with: "rules: \(copy.path)\n"), to: abs)
        let r3 = TestSupport.rubric(["test", abs.path])
        #expect(r3.status == 0 && r3.stdout.contains(" 0 failed"), "\(r3.stdout)")
        let r4 = TestSupport.rubric(["test", "--rules", copy.path, tests.appendingPathComponent("a.test.yaml").path])
        #expect(!r4.stdout.contains("leads outside") && r4.stdout.contains("FAIL x"), "\(r4.stdout)")
    }
}
