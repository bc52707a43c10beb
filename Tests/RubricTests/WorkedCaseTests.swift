import Foundation
import RubricEval
import RubricReport
import RubricSyntax
import Testing

/// The hand-computed cases: `Tests/Fixtures/cases` (copied from the
/// project's shared contract) and `Tests/Fixtures/eval-cases` (ours, for
/// the rows of SEMANTICS.md the shared ones leave out). Each is run through
/// `rubric eval --format json` and compared with `expected.json` as sets of rows.
@Suite struct WorkedCaseTests {
    static let cases: [String] = ["cases", "eval-cases"].flatMap { group -> [String] in
        let dir = TestSupport.fixtures.appendingPathComponent(group).path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
            .filter { FileManager.default.fileExists(atPath: dir + "/" + $0 + "/expected.json") }
            .map { group + "/" + $0 }
    }

    @Test func thereAreCases() { #expect(Self.cases.count >= 7) }

    @Test(arguments: cases)
    func caseScoresAsExpected(name: String) throws {
        let dir = "Tests/Fixtures/" + name
        let spec = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: TestSupport.path(dir + "/case.json")))) as! [String: Any]
        var args = ["eval", "--format", "json", "--keep-going"]
        if let rules = spec["rules"] as? String { args += ["--rules", dir + "/" + rules] }
        if let roster = spec["roster"] as? String { args += ["--roster", dir + "/" + roster] }
        if let asOf = spec["as_of"] as? String { args += ["--as-of", asOf] }
        args += (spec["events"] as! [String]).map { dir + "/" + $0 }
        let run = TestSupport.rubric(args)
        #expect(run.status == 0, "\(run.stderr)")
        let actual = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: TestSupport.path(dir + "/expected.json")))) as! [String: Any]

        #expect(actual["as_of"] as? String == expected["as_of"] as? String)
        #expect(Self.rows(actual["scores"]) == Self.rows(expected["scores"]))
        #expect(actual["events"] as? [String: Int] == expected["events"] as? [String: Int])
        #expect(Self.rejects(actual["rejects"]) == Self.rejects(expected["rejects"]))
    }

    /// Rows keyed by the fields `expected.json` gives, as canonical text.
    static func rows(_ any: Any?) -> Set<String> {
        Set(((any as? [[String: Any]]) ?? []).map { row in
            var parts = ["unit=\(row["unit"]!)", "period=\(row["period"]!)", "total=\(num(row["total"]))",
                         "rank=\(row["rank"]!)", "adjustments=\(num(row["adjustments"]))"]
            if let cats = row["categories"] as? [String: Any] {
                parts.append("categories=" + cats.keys.sorted().map { "\($0):\(num(cats[$0]))" }.joined(separator: ","))
            }
            return parts.joined(separator: " ")
        })
    }

    /// Exact decimal text of a JSON number (parsed back through Fixed).
    static func num(_ v: Any?) -> String {
        guard let n = v as? NSNumber else { return "nil" }
        return Fixed(parsing: n.stringValue).map(\.description) ?? n.stringValue
    }

    /// File (base name), line and field of each reject; the wording is free.
    static func rejects(_ any: Any?) -> Set<String> {
        Set(((any as? [[String: Any]]) ?? []).map {
            "\(URL(fileURLWithPath: $0["file"] as! String).lastPathComponent):\($0["line"]!):\($0["field"]!)"
        })
    }
}
