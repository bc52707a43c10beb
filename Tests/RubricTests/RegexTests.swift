import Foundation
import RubricSyntax
import Testing

/// CEL's `matches` is RE2, run by libre2 in linear time. ICU, used before,
/// backtracked: a catastrophic pattern cost about 0.9 s an event and, when
/// ICU gave up, the match answered false and the score was wrong.
@Suite struct RegexTests {
    static func search(_ pattern: String, _ text: String) throws -> Bool {
        try RegexPattern.compile(pattern).get().search(text)
    }

    @Test func catastrophicPatternsAnswerRightAtOnce() throws {
        let text = String(repeating: "a", count: 100_000) + "b"
        #expect(try Self.search("(a+)+$|b", text))
        #expect(try !Self.search("^(a+)+$", text))
        #expect(try Self.search("(a|aa)*b$", text))
        #expect(try !Self.search("(x+x+)+y", String(repeating: "x", count: 50_000)))
    }

    @Test func theSyntaxIsRE2s() throws {
        #expect(try Self.search("(?i)ABC", "xabcx") && Self.search(#"^\d{4}-\d{2}$"#, "2024-03"))
        #expect(try Self.search("(?P<year>[0-9]+)", "2024") && Self.search("^.$", "区") && Self.search("", "anything"))
        for bad in [#"(a)\1"#, "(?=a)", "(?<=a)b", "(a", "[z-a]"] {
            guard case .failure(let why) = RegexPattern.compile(bad) else { Issue.record("`\(bad)` compiled"); continue }
            #expect(!why.reason.isEmpty)
        }
    }

    /// In a rule: the event that matches loses its point; it once scored in full when ICU gave up.
    @Test func aRuleWithACatastrophicPatternScoresRight() throws {
        let dir = TestSupport.tempDir()
        let rules = try String(contentsOfFile: TestSupport.path("Tests/Fixtures/lint/bad-value--regex.yaml"), encoding: .utf8)
            .replacingOccurrences(of: #"note.matches('(a)\\\\1')"#, with: #"note.matches('(a+)+$|b')"#)
        #expect(rules.contains("(a+)+$|b"))
        let file = dir.appendingPathComponent("rules.yaml")
        TestSupport.write(rules, to: file)
        #expect(TestSupport.rubric(["lint", file.path]).status == 0)
        let long = String(repeating: "a", count: 50_000)
        let events = dir.appendingPathComponent("e.jsonl")
        TestSupport.write("""
        {"date":"2024-01-05","unit":"hit","type":"noted","note":"\(long)b"}
        {"date":"2024-01-05","unit":"miss","type":"noted","note":"\(long)c"}

        """, to: events)
        for threads in ["0", "2"] {
            let r = TestSupport.rubric(["eval", "--rules", file.path, "--threads", threads, "--format", "csv", "--lang", "en", "--verbose", events.path])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("hit,2024-Q1,1,2,9,") && r.stdout.contains("miss,2024-Q1,1,1,10,"), "\(r.stdout)")
        }
    }
}
