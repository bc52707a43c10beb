import Foundation
import RubricCheck
@testable import RubricEval
import RubricSyntax
import Testing

/// The scorer's state holds, for each period, the columns of the versions
/// that can score a day of it, not of every version: a rubric revised 12
/// times costs a page of one version's width in each quarter.
@Suite struct PeriodPagesTests {
    @Test func aPageHoldsOnlyTheVersionsThatScoreItsDays() throws {
        let dir = TestSupport.tempDir()
        let seed = try String(contentsOfFile: TestSupport.path("rules/work-style-2024.yaml"), encoding: .utf8)
        for i in 0..<12 {
            let text = seed.replacingOccurrences(of: "version: \"2024.1\"", with: "version: \"v\(i)\"")
                .replacingOccurrences(of: "effective: 2024-01-01", with: "effective: \(2024 + i / 4)-\(String(format: "%02d", 1 + 3 * (i % 4)))-01")
            TestSupport.write(text, to: dir.appendingPathComponent("r\(i).yaml"))
        }
        let session = ScoringSession(ruleSet: RuleSet.load(paths: [dir.path]), roster: nil)
        let options = try session.options()
        let evaluator = Evaluator(options: options)
        let scorer = Scorer(options: options, plans: evaluator.plans)
        let quarter = PeriodCode.kindCode(.quarter), year = PeriodCode.kindCode(.year)
        let q2 = scorer.pages.page(PeriodCode.make(Period(kind: .quarter, year: 2024, index: 2)))
        #expect(q2.width == evaluator.plans[1].columns[quarter].count)
        #expect(q2.base[1] == 0 && q2.base[0] == -1 && q2.base[2] == -1)
        // A year revised every quarter holds its four versions' year columns.
        let y2025 = scorer.pages.page(PeriodCode.make(Period(kind: .year, year: 2025, index: 1)))
        #expect(y2025.width == (4..<8).reduce(0) { $0 + evaluator.plans[$1].columns[year].count })
        #expect((0..<12).filter { y2025.base[$0] >= 0 } == [4, 5, 6, 7])
    }
}
