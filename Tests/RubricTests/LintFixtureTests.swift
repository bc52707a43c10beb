import Foundation
import RubricCheck
import RubricSyntax
import Testing

/// Every lint check has a broken rules file under Tests/Fixtures/lint and
/// the exact output `rubric lint` must print for it.
@Suite struct LintFixtureTests {
    static let fixtureNames: [String] = {
        let dir = TestSupport.fixtures.appendingPathComponent("lint").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasSuffix(".expected") }.map { String($0.dropLast(".expected".count)) }.sorted()
    }()

    /// Every code `rubric lint` can report (the one list, `DiagnosticCode`)
    /// is shown by some fixture's exact output.
    @Test func everyCheckHasAFixture() throws {
        var shown = ""
        for name in Self.fixtureNames {
            shown += try String(contentsOfFile: TestSupport.path("Tests/Fixtures/lint/\(name).expected"), encoding: .utf8)
        }
        for code in DiagnosticCode.allCases where code.isLint {
            #expect(shown.contains("[\(code.rawValue)]"), "no lint fixture shows \(code.rawValue)")
        }
    }

    @Test(arguments: fixtureNames)
    func fixtureOutputIsExact(name: String) throws {
        let rel = "Tests/Fixtures/lint/" + name + (name == "versions" ? "" : ".yaml")
        let expected = try String(contentsOfFile: TestSupport.path("Tests/Fixtures/lint/\(name).expected"), encoding: .utf8)
        let run = TestSupport.rubric(["lint", rel])
        #expect(run.stdout == expected)
        let hasErrors = expected.contains(": error[") || expected.contains(": 错误[")
        #expect(run.status == (hasErrors ? 1 : 0))
        // The finding's code is the one the fixture is named after (`code--variant` for a second fixture of one code).
        let code = name.components(separatedBy: "--")[0]
        if name != "clean" && name != "versions" { #expect(expected.contains("[\(code)]")) }
    }

    /// A rules file saved with CRLF line ends lints exactly as with LF: once
    /// the positions held but the source line and caret were lost (the
    /// file was split into lines on LF only, and CRLF is one character).
    @Test(arguments: ["unknown-key", "expr-syntax", "optional-field", "type-mismatch", "bad-value"])
    func crlfLineEndsLintAlike(name: String) throws {
        let rel = "Tests/Fixtures/lint/\(name).yaml"
        let text = try String(contentsOfFile: TestSupport.path(rel), encoding: .utf8)
        let copy = TestSupport.tempDir().appendingPathComponent("\(name).yaml")
        TestSupport.write(text.replacingOccurrences(of: "\n", with: "\r\n"), to: copy)
        let crlf = TestSupport.rubric(["lint", copy.path])
        let lf = TestSupport.rubric(["lint", rel])
        #expect(crlf.stdout.replacingOccurrences(of: copy.path, with: rel) == lf.stdout)
    }

    @Test func strictTurnsWarningsIntoFailure() {
        #expect(TestSupport.rubric(["lint", "Tests/Fixtures/lint/unused-type.yaml"]).status == 0)
        #expect(TestSupport.rubric(["lint", "--strict", "Tests/Fixtures/lint/unused-type.yaml"]).status == 1)
    }

    @Test func unreadablePathsExitTwo() {
        let r = TestSupport.rubric(["lint", "no/such/file.yaml"])
        #expect(r.status == 2)
        #expect(r.stdout.contains("no/such/file.yaml: no such file or directory"))
    }

    @Test func jsonFormatCarriesSpansAndHelp() throws {
        let r = TestSupport.rubric(["lint", "--format", "json", "Tests/Fixtures/lint/unknown-field.yaml"])
        #expect(r.status == 1)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let ds = try #require(obj["diagnostics"] as? [[String: Any]])
        #expect(ds.count == 2)
        #expect(ds.allSatisfy { $0["code"] as? String == "unknown-field" })
        #expect(ds[1]["help"] as? String == "for a cap over the year, write `cap: {max: ..., over: year}`")
        #expect(ds[0]["help"] as? String == "did you mean `rate`?")
        let span = try #require(ds[0]["span"] as? [String: Any])
        let start = try #require(span["start"] as? [String: Int])
        #expect(start["line"] == 46 && start["column"] == 11)
    }

    @Test func shippedRulesAreLintClean() {
        let r = TestSupport.rubric(["lint", "--strict", "rules"])
        #expect(r.status == 0, "\(r.stdout)")
    }
}
