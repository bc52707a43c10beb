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

    /// Pages start zeroed and keep what they hold when they grow, from a
    /// small page (`calloc`) to one mapped on its own (2 MiB and more).
    @Test func pagesGrowFromSmallToMappedKeepingTheirSlots() throws {
        let session = ScoringSession(ruleSet: RuleSet.load(paths: [TestSupport.path("rules/work-style-2024.yaml")]), roster: nil)
        let options = try session.options()
        let evaluator = Evaluator(options: options)
        let scorer = Scorer(options: options, plans: evaluator.plans)
        let code = PeriodCode.make(Period(kind: .quarter, year: 2024, index: 1))
        let small = scorer.pages.page(code)
        #expect(small.width > 0)
        let last = small.width * scorer.pages.unitCapacity - 1
        small.slots[last].add(5, occurrences: 1)
        // Enough units for the page to pass 2 MiB.
        let units = (1 << 21) / (small.width * MemoryLayout<PeriodPages.Slot>.stride) * 2
        #expect(scorer.pages.reserve(unit: units))
        let large = scorer.pages.page(code)
        #expect(large.width * scorer.pages.unitCapacity * MemoryLayout<PeriodPages.Slot>.stride >= 1 << 21)
        #expect(large.slots[last].sum == 5 && large.slots[last].events == 1)
        let end = large.width * scorer.pages.unitCapacity - 1
        #expect(large.slots[end].sum == 0 && large.slots[last + 1].events == 0)
        large.slots[end].add(-7, occurrences: 2)
        // And again, mapped to mapped.
        #expect(scorer.pages.reserve(unit: scorer.pages.unitCapacity))
        let larger = scorer.pages.page(code)
        #expect(larger.slots[last].sum == 5 && larger.slots[end].sum == -7 && larger.slots[end].occurrences == 2)
    }
}
