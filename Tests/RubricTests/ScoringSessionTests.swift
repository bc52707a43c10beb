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
}
