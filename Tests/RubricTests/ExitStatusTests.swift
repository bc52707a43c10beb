import Foundation
import Testing

/// One table of exit statuses (README, "Exit status"), the same in every
/// command (issue 15): usage errors once exited 64 while the help said 2,
/// and a missing rule-test file exited 1 where other commands exit 2.
@Suite struct ExitStatusTests {
    static let cases: [(args: [String], status: Int32)] = [
        (["--no-such-option"], 2),
        (["lint", "--no-such-option"], 2),
        (["lint", "--format", "nope"], 2),
        (["eval", "--threads", "many", "examples/events-2024.jsonl"], 2),
        (["expr"], 2),
        (["test", "--no-such-option"], 2),
        (["compile"], 2),
        (["lint", "no/such/rules.yaml"], 2),
        (["eval", "no/such/events.jsonl"], 2),
        (["test", "no/such/file.test.yaml"], 2),
        (["stage", "no/such/events.jsonl"], 2),
        (["compile", "--dialect", "duckdb", "--rules", "no/such/rules"], 2),
        (["lint", "Tests/Fixtures/lint/unknown-key.yaml"], 1),
        (["expr", "1 / 0"], 1),
        (["lint", "rules"], 0),
        (["eval", "examples/events-2024.jsonl"], 0),
    ]

    @Test func everyCommandUsesTheTable() {
        for c in Self.cases {
            let r = TestSupport.rubric(c.args)
            #expect(r.status == c.status, "rubric \(c.args.joined(separator: " ")): \(r.status) \(r.stderr.prefix(200))")
            if c.status == 2 { #expect(!(r.stderr + r.stdout).isEmpty, "no message") }
        }
    }
}
