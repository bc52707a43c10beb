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

    /// The scorer makes an event's additions when the next event is scored
    /// (`Scorer.Memory.commit`); a new unit can move the pages in between.
    /// Each of 300 units, first seen one after another (the pages grow
    /// several times), has the same two events: every unit scores the same,
    /// whichever reader, and each unit's events count.
    @Test func anEventJustBeforeThePagesGrowCounts() throws {
        let dir = TestSupport.tempDir()
        let lines = (0..<300).flatMap { u in
            ["{\"date\":\"2024-01-0\(1 + u % 9)\",\"unit\":\"单位\(u)\",\"type\":\"education_activity\"}",
             "{\"date\":\"2024-02-0\(1 + u % 9)\",\"unit\":\"单位\(u)\",\"type\":\"impractical_plan\"}"]
        }
        let events = dir.appendingPathComponent("events.jsonl")
        TestSupport.write(lines.joined(separator: "\n") + "\n", to: events)
        let session = ScoringSession(ruleSet: RuleSet.load(paths: [TestSupport.path("rules/work-style-2024.yaml")]), roster: nil)
        var totals: [[String]] = []
        for threads in [0, 1, 2] {
            let evaluation = try session.evaluate(files: [events.path], session.options(ruleResults: .none, threads: threads))
            let quarter = try #require(evaluation.periods.first { $0.period == Period(kind: .quarter, year: 2024, index: 1) })
            #expect(quarter.rows.count == 300)
            #expect(Set(quarter.rows.map(\.total)).count == 1)
            totals.append(quarter.rows.map { "\($0.unit) \($0.total) \($0.categories.map(\.score))" }.sorted())
        }
        #expect(totals[0] == totals[1] && totals[1] == totals[2])
        // The plans' deductions (each unit's last event, the one waiting when the next unit
        // came) counted: without them every unit scores otherwise.
        let activities = dir.appendingPathComponent("activities.jsonl")
        TestSupport.write(lines.filter { $0.contains("education_activity") }.joined(separator: "\n") + "\n", to: activities)
        let without = try session.evaluate(files: [activities.path], session.options(ruleResults: .none, threads: 1))
        let q1 = try #require(without.periods.first { $0.period == Period(kind: .quarter, year: 2024, index: 1) })
        #expect(q1.rows.count == 300 && !totals[1].isEmpty)
        let withPlans = try session.evaluate(files: [events.path], session.options(ruleResults: .none, threads: 1))
        let q1Plans = try #require(withPlans.periods.first { $0.period == Period(kind: .quarter, year: 2024, index: 1) })
        #expect(zip(q1.rows.sorted { $0.unit < $1.unit }, q1Plans.rows.sorted { $0.unit < $1.unit }).allSatisfy { $0.total != $1.total })
    }
}
