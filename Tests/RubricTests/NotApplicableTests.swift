import Foundation
import Testing

/// Items that do not apply to a unit (不适用), the category rescaled
/// (按比例折算): the scores are the worked case eval-cases/18 and the SQL
/// differential; here, what explanations say and what lint refuses.
@Suite struct NotApplicableTests {
    static let dir = "Tests/Fixtures/eval-cases/18-not-applicable"

    @Test func explanationsShowTheRescaling() throws {
        let args = ["--rules", "\(Self.dir)/rules.yaml", "--roster", "\(Self.dir)/roster.csv", "\(Self.dir)/events.jsonl"]
        let explain = TestSupport.rubric(["explain", "--unit", "P", "--period", "2024-Q1"] + args)
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("  Service: not applicable (items 2): starts at 23 of 30"), "\(explain.stdout)")
        #expect(explain.stdout.contains("    23 -6 = 17\n    rescaled to 30: 17 × 30 / 23 = 22.17\n"), "\(explain.stdout)")
        let zh = TestSupport.rubric(["explain", "--unit", "P", "--period", "2024-Q1", "--lang", "zh"] + args)
        #expect(zh.stdout.contains("  Service：第2项不适用，按 23 分计（满分 30）\n"), "\(zh.stdout)")
        #expect(zh.stdout.contains("    按比例折算为满分 30：17 × 30 / 23 = 22.17\n"))
        let window = TestSupport.rubric(["explain", "--unit", "W", "--period", "2024-Q1"] + args)
        #expect(!window.stdout.contains("rescaled"))
        let html = TestSupport.tempDir().appendingPathComponent("r.html")
        #expect(TestSupport.rubric(["report", "--output", html.path, "--lang", "zh"] + args).status == 0)
        #expect(try String(contentsOf: html, encoding: .utf8).contains("不适用项目 2 · 按比例折算 17 × 30 / 23 = 22.17"))
    }

    @Test func sharesMustLeaveSomethingToScoreOutOf() {
        let dir = TestSupport.tempDir()
        func lint(_ category: String) -> TestSupport.Run {
            let rules = dir.appendingPathComponent("r.yaml")
            TestSupport.write("""
            rubric: {id: x, title: x, version: "1", effective: 2024-01-01}
            periods: {assess: quarter}
            events: {date: d, unit: u, type: t, fields: {d: date, u: string, t: string}, types: {a: {}, b: {}}}
            roster: {kind: [w, o]}
            categories:
            \(category)
            """, to: rules)
            return TestSupport.rubric(["lint", rules.path])
        }
        let all = lint("""
          - id: c
            title: c
            max: 10
            items:
              - {number: 1, title: i, max: 6, units: {kind: [w]}, rules: [{id: r, on: a, points: -1}]}
              - {number: 2, title: j, max: 4, units: {kind: [o]}, rules: [{id: s, on: b, points: -1}]}
        """)
        #expect(all.status == 1 && all.stdout.contains("add up to 10, not less than the category's maximum 10"), "\(all.stdout)")
        let open = lint("""
          - id: c
            title: c
            max: 10
            min: none
            items:
              - {number: 1, title: i, max: 6, units: {kind: [w]}, rules: [{id: r, on: a, points: -1}]}
        """)
        #expect(open.status == 1 && open.stdout.contains("needs a floor of at least -1000"), "\(open.stdout)")
        let unknown = lint("""
          - id: c
            title: c
            max: 10
            items:
              - {number: 1, title: i, max: 6, units: {kind: [x]}, rules: [{id: r, on: a, points: -1}]}
        """)
        #expect(unknown.status == 1 && unknown.stdout.contains("error[enum-value]: `x` is not a value of roster attribute `kind` (w, o)"), "\(unknown.stdout)")
    }
}
