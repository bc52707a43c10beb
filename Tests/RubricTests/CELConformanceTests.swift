import Foundation
import Testing

/// The CEL specification's own cases, through `cel-conformance` (the same
/// parser, checker and evaluator the rules use).
@Suite struct CELConformanceTests {
    static let runner = TestSupport.product("cel-conformance")

    @Test func everyCoreCasePasses() {
        let r = TestSupport.run(Self.runner, ["Tests/Fixtures/cel"])
        #expect(r.status == 0, "\(r.stdout)")
        let last = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasSuffix(" 0 failed, 0 skipped"), "\(last)")
        #expect(!r.stdout.contains("FAIL"))
        let passed = Int(last.split(separator: " ").first ?? "") ?? 0
        #expect(passed >= 636)
    }

    /// The full case set, when the shared folder beside the checkout holds it.
    @Test func sharedCasesPassWhenPresent() throws {
        let shared = TestSupport.root.deletingLastPathComponent().appendingPathComponent("shared/cel")
        guard FileManager.default.fileExists(atPath: shared.appendingPathComponent("basic.jsonl").path) else { return }
        let r = TestSupport.run(Self.runner, [shared.path])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(!r.stdout.contains("FAIL"))
    }

    /// Our own cases: wrong arities and dotted names never trap.
    @Test func extraCasesPass() {
        let r = TestSupport.run(Self.runner, ["Tests/Fixtures/cel-extra"])
        #expect(r.status == 0 && r.stdout.hasSuffix(" 0 failed, 0 skipped\n"), "\(r.stdout)")
    }

    @Test func nonCoreCasesAreSkippedWithTheirFeatureNeverCrash() {
        let r = TestSupport.run(Self.runner, ["Tests/Fixtures/cel/noncore"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("skipped for: bytes"))
        #expect(r.stdout.contains("timestamp"))
    }

    @Test func aWrongExpectationFails() {
        let file = TestSupport.tempDir().appendingPathComponent("wrong.jsonl")
        TestSupport.write(#"{"file": "x", "section": "s", "name": "n", "expr": "1 + 1", "bindings": {}, "disable_check": false, "expect": {"value": {"int": "3"}}, "needs": []}"# + "\n", to: file)
        let r = TestSupport.run(Self.runner, [file.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("FAIL x/s/n: 1 + 1 -> got 2 (int), want 3 (int)"))
        #expect(r.stdout.hasSuffix("0 passed, 1 failed, 0 skipped\n"))
    }
}
