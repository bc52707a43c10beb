import Foundation
import Testing

/// `bonus_if_no_deductions` on an item (本项无扣分的方可加分): its scores are
/// the worked case eval-cases/17 (and the SQL differential); here, what the
/// explanation and the report say, and the combination lint refuses.
@Suite struct ItemBonusTests {
    static let dir = "Tests/Fixtures/eval-cases/17-bonus-if-no-deductions"

    @Test func explanationsSayWhatWasWithheldAndWhy() throws {
        let explain = TestSupport.rubric(["explain", "--rules", "\(Self.dir)/rules.yaml", "--unit", "A", "--period", "2024-Q1", "\(Self.dir)/events.jsonl"])
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("bonus +3 withheld: item 1 deducted this period (bonus_if_no_deductions): +0"), "\(explain.stdout)")
        // Not mistaken for a cap: the cap (6) did not bind.
        #expect(!explain.stdout.contains("cap cut"))
        let html = TestSupport.tempDir().appendingPathComponent("r.html")
        let report = TestSupport.rubric(["report", "--rules", "\(Self.dir)/rules.yaml", "\(Self.dir)/events.jsonl", "--output", html.path, "--lang", "zh"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(try String(contentsOf: html, encoding: .utf8).contains("本项有扣分，加分不计 3"))
    }

    @Test func aCapOverALongerPeriodDoesNotCombineWithIt() {
        let dir = TestSupport.tempDir()
        let rules = dir.appendingPathComponent("r.yaml")
        TestSupport.write("""
        rubric: {id: x, title: x, version: "1", effective: 2024-01-01}
        periods: {assess: quarter}
        events: {date: d, unit: u, type: t, fields: {d: date, u: string, t: string}, types: {a: {}, b: {}}}
        categories:
          - id: c
            title: c
            max: 10
            items:
              - number: 1
                title: i
                bonus_if_no_deductions: true
                rules:
                  - {id: r, on: a, points: -1}
                  - {id: s, on: b, points: 2, cap: {max: 6, over: year}}
        """, to: rules)
        let lint = TestSupport.rubric(["lint", rules.path])
        #expect(lint.status == 1 && lint.stdout.contains("r.yaml:14:59: error[not-supported]"), "\(lint.stdout)")
    }
}
