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
}
