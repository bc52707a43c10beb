import Foundation
import Testing

/// examples/revisions: revisions a committee would plausibly make, each an
/// overlay with a README in Chinese and English, rule tests of its change
/// and its `rubric diff` on the example events. Each is linted, tested and
/// its diff re-made here, so none can rot.
@Suite struct RevisionExampleTests {
    static let folders: [String] = {
        let dir = TestSupport.path("examples/revisions")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.first?.isNumber == true }.sorted().map { "examples/revisions/" + $0 }
    }()

    /// The overlay of a folder and the version it declares.
    static func overlay(_ folder: String) throws -> (file: String, version: String, text: String) {
        let names = try FileManager.default.contentsOfDirectory(atPath: TestSupport.path(folder)).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names.count == 1, "\(folder) holds one revision")
        let file = folder + "/" + (names.first ?? "")
        let text = try String(contentsOfFile: TestSupport.path(file), encoding: .utf8)
        let version = text.split(separator: "\n").first { $0.hasPrefix("  version: \"") }
            .map { String($0.dropFirst("  version: \"".count).dropLast()) } ?? ""
        return (file, version, text)
    }

    @Test func thereAreFifteenOrMoreOneOfThemMidYear() throws {
        #expect(Self.folders.count >= 15)
        let midYear = try Self.folders.filter { try !Self.overlay($0).text.contains("effective: 2025-01-01") }
        #expect(!midYear.isEmpty, "one revision takes effect mid-year")
    }

    @Test(arguments: folders)
    func aRevisionIsAnOverlayThatLintsTestsAndDiffs(folder: String) throws {
        let (file, version, text) = try Self.overlay(folder)
        #expect(text.contains("\nextends: "), "\(file) is an overlay")
        let lint = TestSupport.rubric(["lint", "--strict", folder])
        #expect(lint.status == 0, "\(lint.stdout)")
        let test = TestSupport.rubric(["test", folder + "/tests"])
        #expect(test.status == 0 && test.stdout.contains(" 0 failed") && !test.stdout.contains("0 tests:"), "\(test.stdout)\(test.stderr)")
        // A revision that declares roster attributes brings its roster.
        let roster = FileManager.default.fileExists(atPath: TestSupport.path(folder + "/roster.csv")) ? folder + "/roster.csv" : "examples/roster.txt"
        let diff = TestSupport.rubric(["diff", "--rules", "rules", "--rules", folder, "--from", "2024.1", "--to", version,
                                       "examples/events-2024.jsonl", "--roster", roster, "--format", "markdown"])
        #expect(diff.status == 0, "\(diff.stderr)")
        let committed = try String(contentsOfFile: TestSupport.path(folder + "/diff.md"), encoding: .utf8)
        #expect(diff.stdout == committed, "\(folder)/diff.md is stale: run scripts/revision-diffs.sh")
        let readme = try String(contentsOfFile: TestSupport.path(folder + "/README.md"), encoding: .utf8)
        #expect(readme.contains("## 修订内容") && readme.contains("## What changed"))
    }
}
