import Foundation
import RubricCheck
import RubricEval
import RubricSyntax
import Testing

/// The set-up of a run is decided in one place for the CLI and `rubric
/// test`: which version is forced, which as-of dates are refused.
@Suite struct ScoringSessionTests {
    static let set: RuleSet = {
        let dir = TestSupport.tempDir()
        let rules = try! String(contentsOfFile: TestSupport.path("rules/work-style-2024.yaml"), encoding: .utf8)
        TestSupport.write(rules, to: dir.appendingPathComponent("a.yaml"))
        // The 2025 revision is an overlay; beside its base here, it extends it by this folder's name for it.
        TestSupport.write(try! String(contentsOfFile: TestSupport.path("examples/revisions/work-style-2025.yaml"), encoding: .utf8)
                            .replacingOccurrences(of: "extends: ../../rules/work-style-2024.yaml", with: "extends: a.yaml"),
                          to: dir.appendingPathComponent("b.yaml"))
        return RuleSet.load(paths: [dir.path])
    }()

    @Test func aVersionIsForcedByNameOrRefusedWithTheNamesThereAre() throws {
        let session = ScoringSession(ruleSet: Self.set, roster: nil)
        #expect(session.versions.map(\.version) == ["2024.1", "2025.1"])
        #expect(try session.options(version: "2025.1").forcedVersion == 1)
        #expect(try session.options().forcedVersion == nil)
        #expect(throws: ScoringSession.Problem.self) { try session.options(version: "2026.1") }
        do {
            _ = try session.options(version: "2026.1")
        } catch {
            guard case .noSuchVersion(let v, let available) = error else { Issue.record("\(error)"); return }
            #expect(v == "2026.1" && available == ["2024.1", "2025.1"])
        }
        // Each version carries its file's hash.
        #expect(session.versions.allSatisfy { $0.sha256.count == 64 })
    }

    @Test func anAsOfPastTheHorizonIsRefused() throws {
        let session = ScoringSession(ruleSet: Self.set, roster: nil)
        let horizon = try session.options().horizon
        #expect(try session.options(asOf: horizon).asOf == horizon)
        let after = Day(year: horizon.year + 1, month: 1, day: 1)
        #expect(throws: ScoringSession.Problem.self) { try session.options(asOf: after) }
    }

    /// A run that keeps no rule results (`eval`) scores exactly as one that
    /// keeps them all (`report`); one that keeps a unit's (`explain`) has
    /// that unit's results and no other's.
    @Test func ruleResultsKeptOrNotTheScoresAreTheSame() throws {
        let session = ScoringSession(ruleSet: Self.set, roster: nil)
        let events = [TestSupport.path("examples/events-2024.jsonl")]
        let all = try session.evaluate(files: events, session.options())
        let none = try session.evaluate(files: events, session.options(ruleResults: .none))
        let unit = all.periods[0].rows[3].unit
        let one = try session.evaluate(files: events, session.options(ruleResults: .units([unit])))
        func results(_ r: UnitScore) -> Int { r.categories.reduce(0) { $0 + $1.rules.count } + r.adjustments.count }
        #expect(all.periods.count == none.periods.count && all.periods.count == one.periods.count)
        for (p, (q, o)) in zip(all.periods, zip(none.periods, one.periods)) {
            #expect(p.rows.map(\.unit) == q.rows.map(\.unit) && p.rows.map(\.unit) == o.rows.map(\.unit))
            for (a, (b, c)) in zip(p.rows, zip(q.rows, o.rows)) {
                #expect(a.total == b.total && a.rank == b.rank && a.grade == b.grade && a.adjustmentTotal == b.adjustmentTotal)
                #expect(a.categories.map(\.score) == b.categories.map(\.score) && a.categories.map(\.score) == c.categories.map(\.score))
                #expect(results(b) == 0)
                #expect(results(c) == (a.unit == unit ? results(a) : 0))
            }
        }
        #expect(all.periods.contains { $0.rows.contains { results($0) > 0 } })
    }
}
