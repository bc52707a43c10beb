import Foundation
import Testing

/// `combine: mean` (a quarter from the mean of its monthly patrols): the
/// scores are the worked case eval-cases/19 and the SQL differential; here,
/// the explanation and what lint refuses.
@Suite struct RuleCombineTests {
    static let dir = "Tests/Fixtures/eval-cases/19-mean-of-patrols"

    @Test func theExplanationShowsTheMean() {
        let r = TestSupport.rubric(["explain", "--rules", "\(Self.dir)/rules.yaml", "--unit", "C", "--period", "2024-Q1", "\(Self.dir)/events.jsonl"])
        #expect(r.stdout.contains("mean of 3 occurrences: -11.666667, capped at 8 per quarter: -8 (cap cut 3.666667)"), "\(r.stdout)")
        let html = TestSupport.tempDir().appendingPathComponent("r.html")
        #expect(TestSupport.rubric(["report", "--rules", "\(Self.dir)/rules.yaml", "\(Self.dir)/events.jsonl", "--output", html.path, "--lang", "zh"]).status == 0)
        #expect(((try? String(contentsOf: html, encoding: .utf8)) ?? "").contains("取平均（次数） 3: -3.333333"))
    }

    @Test(arguments: [
        ("points: {steps: [-1], then: -2}", "occurrence steps"),
        ("points: -1, cap: {max: 4, per: note}", "a cap per field value"),
        ("points: -1, cap: {max: 4, over: year}", "a cap over a longer period"),
    ])
    func whatAMeanDoesNotCombineWith(rule: String, clash: String) {
        let file = TestSupport.tempDir().appendingPathComponent("r.yaml")
        TestSupport.write("""
        rubric: {id: x, title: x, version: "1", effective: 2024-01-01}
        periods: {assess: quarter}
        events: {date: d, unit: u, type: t, fields: {d: date, u: string, t: string, note: string}, types: {a: {require: [note]}}}
        categories:
          - {id: c, title: c, max: 10, items: [{number: 1, title: i, rules: [{id: r, on: a, combine: mean, \(rule)}]}]}
        """, to: file)
        let lint = TestSupport.rubric(["lint", file.path])
        #expect(lint.status == 1 && lint.stdout.contains("error[not-supported]: `combine: mean` takes the mean of the period's occurrences; \(clash)"), "\(lint.stdout)")
    }
}
