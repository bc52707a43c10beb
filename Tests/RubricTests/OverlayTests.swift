import Foundation
import RubricCheck
import RubricEval
import RubricSyntax
import Testing

/// Revisions as overlays: a version names its base (`extends`) and states
/// only what changes. Tests/Fixtures/overlays: `base.yaml` (whole),
/// `softer.yaml` (extends it by path), `stricter.yaml` (extends `softer` by version).
@Suite struct OverlayTests {
    static let dir = "Tests/Fixtures/overlays"

    /// The scores of a run without the provenance of the rules (file names and hashes differ by design).
    func scores(_ json: String) throws -> NSDictionary {
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        var copy = obj
        copy["versions"] = nil
        return copy as NSDictionary
    }

    /// Each version scores exactly as the whole rules file `rubric show` prints for it.
    @Test(arguments: ["1", "2", "3"])
    func anOverlayScoresAsTheFileShowPrints(version: String) throws {
        let shown = TestSupport.rubric(["show", "--version", version, Self.dir])
        #expect(shown.status == 0, "\(shown.stderr)")
        let file = TestSupport.tempDir().appendingPathComponent("v\(version).yaml")
        TestSupport.write(shown.stdout, to: file)
        let lint = TestSupport.rubric(["lint", file.path])
        #expect(lint.status == 0 && lint.stdout.contains(": 0 errors"), "\(lint.stdout)")
        let events = "\(Self.dir)/events.jsonl"
        let chain = TestSupport.rubric(["eval", "--rules", Self.dir, "--version", version, "--format", "json", events])
        let whole = TestSupport.rubric(["eval", "--rules", file.path, "--version", version, "--format", "json", events])
        #expect(chain.status == 0 && whole.status == 0, "\(chain.stderr)\(whole.stderr)")
        #expect(try scores(chain.stdout) == scores(whole.stdout))
    }

    /// The overlays' changes, hand-computed: untidy -3 cap 6 becomes -2 cap 4
    /// from 2024-07-01, the award adjustment is removed, image's max is 8;
    /// from 2025 lateness costs 2 (moved to item 4) and awards +1 in a new category.
    @Test func theChangesScoreAsWritten() throws {
        let run = TestSupport.rubric(["eval", "--rules", Self.dir, "--format", "csv", "--lang", "en", "--verbose", "\(Self.dir)/events.jsonl"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = Set(run.stdout.split(separator: "\n").map(String.init))
        // unit,period,version,rank,total,adjustments,combined,conduct,image,service,grade
        #expect(rows.contains("甲,2024-Q1,1,2,9,0,,4,5,,合格"))
        #expect(rows.contains("乙,2024-Q1,1,1,16,2,,9,5,,优秀"))
        #expect(rows.contains("甲,2024-Q3,2,1,14,0,,6,8,,优秀"))
        #expect(rows.contains("乙,2024-Q3,2,1,14,0,,10,4,,优秀"))
        #expect(rows.contains("乙,2025-Q1,3,2,21,0,,8,8,5,优秀"))
        #expect(rows.contains("甲,2025-Q1,3,1,23,0,,10,8,5,优秀"))
    }

    /// A finding in an overlay's own text names the overlay's line; one the
    /// overlay causes in its base's text names the base's line and says which version.
    @Test func findingsNameTheFileThatHoldsTheText() throws {
        let dir = TestSupport.tempDir()
        try FileManager.default.copyItem(atPath: TestSupport.path("\(Self.dir)/base.yaml"), toPath: dir.appendingPathComponent("base.yaml").path)
        TestSupport.write("""
        extends: base.yaml
        rubric: {version: "9", effective: 2026-01-01}
        events:
          fields:
            level: string
        categories:
          - id: conduct
            items:
              - number: 1
                rules:
                  - {id: late, on: late, when: levle == 'city', points: -1}
        """, to: dir.appendingPathComponent("o.yaml"))
        let set = RuleSet.load(paths: [dir.appendingPathComponent("o.yaml").path])
        let inOverlay = try #require(set.diagnostics.first { $0.code == .unknownField })
        #expect(inOverlay.span.file.hasSuffix("/o.yaml") && inOverlay.span.start.line == 11 && inOverlay.span.start.column == 40)
        // `level` is no longer an enum, so the base's table keyed by it may miss values.
        let inBase = try #require(set.diagnostics.first { $0.span.file.hasSuffix("/base.yaml") })
        #expect(inBase.code == .tableIncomplete && inBase.span.start.line == 47 && inBase.span.start.column == 26, "\(inBase)")
        #expect(inBase.text().contains("in version 9 of") && inBase.text().contains("o.yaml"), "\(inBase.text())")
        #expect(set.rubrics.isEmpty)
    }

    func problems(_ overlay: String, base: String? = nil, others: [String: String] = [:]) -> [Diagnostic] {
        let dir = TestSupport.tempDir()
        try? FileManager.default.copyItem(atPath: TestSupport.path("\(Self.dir)/base.yaml"), toPath: dir.appendingPathComponent("base.yaml").path)
        for (name, text) in others { TestSupport.write(text, to: dir.appendingPathComponent(name)) }
        TestSupport.write(overlay, to: dir.appendingPathComponent("o.yaml"))
        return RuleSet.load(paths: [dir.appendingPathComponent("o.yaml").path] + others.keys.sorted().map { dir.appendingPathComponent($0).path })
            .diagnostics.filter { $0.severity == .error }
    }

    @Test func whatAnOverlayMustSay() {
        let noVersion = problems("extends: base.yaml\nrubric: {effective: 2026-01-01}\n")
        #expect(noVersion.contains { $0.code == .missingKey && $0.text().contains("rubric.version") && $0.span.file.hasSuffix("o.yaml") })
        let otherRubric = problems("extends: base.yaml\nrubric: {id: other, version: \"9\", effective: 2026-01-01}\n")
        #expect(otherRubric.contains { $0.code == .badValue && $0.text().contains("`other` is not `office`") && $0.span.start.line == 2 })
        let unknownRemoval = problems("extends: base.yaml\nrubric: {version: \"9\", effective: 2026-01-01}\nremove: [untidi]\n")
        #expect(unknownRemoval.contains { $0.code == .unknownId && $0.helpText() == "did you mean `untidy`?" && $0.span.start.line == 3 })
        let both = problems("""
        extends: base.yaml
        rubric: {version: "9", effective: 2026-01-01}
        adjustments:
          - {id: award, on: award, points: 3}
        remove: [award]
        """)
        #expect(both.contains { $0.code == .conflictingKeys && $0.span.start.line == 5 })
        // A rule given twice in one overlay is not silently the second: both stand, and the id is reported.
        let twice = problems("""
        extends: base.yaml
        rubric: {version: "9", effective: 2026-01-01}
        adjustments:
          - {id: award, on: award, points: 3}
          - {id: award, on: award, points: 4}
        """)
        #expect(twice.contains { $0.code == .duplicateId && $0.span.file.hasSuffix("/o.yaml") && $0.span.start.line == 5 }, "\(twice)")
        let plainRemove = problems("""
        rubric: {id: x, title: x, version: "9", effective: 2026-01-01}
        periods: {assess: quarter}
        events: {date: d, unit: u, type: t, fields: {d: date, u: string, t: string}, types: {a: {}}}
        categories: [{id: c, title: c, max: 1, items: [{number: 1, title: i, rules: [{id: r, on: a, points: -1}]}]}]
        remove: [r]
        """)
        #expect(plainRemove.contains { $0.code == .conflictingKeys && $0.text().contains("belongs to an overlay") })
    }

    @Test func whereTheBaseMustBe() {
        let missing = problems("extends: nowhere.yaml\nrubric: {version: \"9\", effective: 2026-01-01}\n")
        #expect(missing.contains { $0.code == .badExtends && $0.text().contains("nowhere.yaml: no such file") && $0.span.start.line == 1 })
        let notRules = problems("extends: ../etc/passwd\nrubric: {version: \"9\", effective: 2026-01-01}\n")
        #expect(notRules.contains { $0.code == .badExtends && $0.text().contains("must end in .yaml") })
        let noVersion = problems("extends: \"7\"\nrubric: {version: \"9\", effective: 2026-01-01}\n")
        #expect(noVersion.contains { $0.code == .badExtends && $0.text().contains("no rules file read has version `7`") })
        let circle = problems("extends: b.yaml\nrubric: {version: \"9\", effective: 2026-01-01}\n",
                              others: ["b.yaml": "extends: o.yaml\nrubric: {version: \"8\", effective: 2025-01-01}\n"])
        #expect(circle.contains { $0.code == .badExtends && $0.text().contains("o.yaml → b.yaml → o.yaml") })
        let byVersion = problems("extends: \"1\"\nrubric: {version: \"9\", effective: 2026-01-01}\n",
                                 others: ["base-copy.yaml": (try? String(contentsOfFile: TestSupport.path("\(Self.dir)/base.yaml"), encoding: .utf8)) ?? ""])
        #expect(byVersion.isEmpty, "\(byVersion)")
    }

    /// The hash names the whole chain as documented: `sha256sum base overlay | cut -c1-64 | sha256sum`.
    @Test func theHashNamesTheWholeChain() throws {
        let run = TestSupport.rubric(["eval", "--rules", Self.dir, "--format", "json", "\(Self.dir)/events.jsonl"])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let versions = try #require(obj["versions"] as? [[String: Any]])
        let v3 = try #require(versions.first { $0["version"] as? String == "3" })
        #expect(v3["extends"] as? [String] == ["\(Self.dir)/base.yaml", "\(Self.dir)/softer.yaml"])
        let shell = TestSupport.run("/bin/sh", ["-c", "sha256sum \(Self.dir)/base.yaml \(Self.dir)/softer.yaml \(Self.dir)/stricter.yaml | cut -c1-64 | sha256sum | cut -c1-64"])
        #expect(v3["sha256"] as? String == shell.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let v1 = try #require(versions.first { $0["version"] as? String == "1" })
        let one = TestSupport.run("/bin/sh", ["-c", "sha256sum \(Self.dir)/base.yaml | cut -c1-64"])
        #expect(v1["sha256"] as? String == one.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(v1["extends"] as? [String] == [])
        let explain = TestSupport.rubric(["explain", "--rules", Self.dir, "--unit", "乙", "--period", "2025-Q1", "\(Self.dir)/events.jsonl"])
        #expect(explain.stdout.contains("stricter.yaml extends \(Self.dir)/softer.yaml extends \(Self.dir)/base.yaml"), "\(explain.stdout)\(explain.stderr)")
    }

    /// A base named only by an overlay's path is read, not scored as a version of its own.
    @Test func aBaseReadByPathIsNotAVersion() {
        let set = RuleSet.load(paths: ["\(Self.dir)/softer.yaml"])
        #expect(set.rubrics.map(\.meta.version) == ["2"])
        #expect(set.sources.map(\.path).contains("\(Self.dir)/base.yaml"))
    }
}
