import Foundation
import Testing

/// A typo anywhere in the shipped rules (an enum literal, a field name, a
/// key, an event type, the indentation) makes lint fail and point at it.
@Suite struct MutationTests {
    struct Mutation: Sendable, CustomStringConvertible {
        var name: String
        var from: String
        var to: String
        /// The text whose position the error must point at (in the mutated file).
        var at: String
        var code: String
        var description: String { name }
    }

    static let mutations: [Mutation] = [
        Mutation(name: "enum literal in a points table", from: "table: {unit: -3, leader: -3,", to: "table: {unit: -3, leeder: -3,", at: "leeder", code: "enum-value"),
        Mutation(name: "enum literal in a level table", from: "table: {city: -2, province: -4,", to: "table: {city: -2, provice: -4,", at: "provice", code: "enum-value"),
        Mutation(name: "field name in a points expression", from: "points: -points, cap: 2}", to: "points: -pionts, cap: 2}", at: "pionts", code: "unknown-field"),
        Mutation(name: "field name in a condition", from: "when: rate < 90.0", to: "when: rat < 90.0", at: "rat <", code: "unknown-field"),
        Mutation(name: "key of a rule", from: "{id: no-leading-group, on: no_leading_group, points: -2, cap: 2}", to: "{id: no-leading-group, on: no_leading_group, points: -2, cpa: 2}", at: "cpa", code: "unknown-key"),
        Mutation(name: "key of a category", from: "    max: 30\n", to: "    maxi: 30\n", at: "maxi", code: "unknown-key"),
        Mutation(name: "event type in on", from: "on: no_learning_activity,", to: "on: no_learning_activty,", at: "no_learning_activty", code: "unknown-type"),
        Mutation(name: "event type in a list", from: "on: [late_arrival, early_leave,", to: "on: [late_arrival, erly_leave,", at: "erly_leave", code: "unknown-type"),
        Mutation(name: "indentation", from: "\n    max: 30\n", to: "\n     max: 30\n", at: "max: 30", code: "yaml-syntax"),
        Mutation(name: "required field of a type", from: "require: [rank]", to: "require: [rnak]", at: "rnak", code: "unknown-field"),
    ]

    @Test(arguments: mutations)
    func typoIsFoundWhereItIs(_ m: Mutation) throws {
        let original = try String(contentsOfFile: TestSupport.path("rules/work-style-2024.yaml"), encoding: .utf8)
        #expect(original.contains(m.from), "the mutation no longer applies")
        let mutated = original.replacingOccurrences(of: m.from, with: m.to)
        let file = TestSupport.tempDir().appendingPathComponent("rules.yaml")
        TestSupport.write(mutated, to: file)
        let run = TestSupport.rubric(["lint", "--format", "json", file.path])
        #expect(run.status == 1)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let errors = ((obj["diagnostics"] as? [[String: Any]]) ?? []).filter { $0["severity"] as? String == "error" }
        let first = try #require(errors.first)
        #expect(first["code"] as? String == m.code)
        // Where the typo is: line and column (in characters) of `at` in the mutated text.
        let lines = mutated.components(separatedBy: "\n")
        let lineIndex = try #require(lines.firstIndex { $0.contains(m.at) && ($0.contains(m.to.trimmingCharacters(in: .whitespacesAndNewlines)) || m.code == "yaml-syntax") })
        let col = lines[lineIndex].unicodeScalars.distance(from: lines[lineIndex].unicodeScalars.startIndex,
                                                            to: lines[lineIndex].range(of: m.at)!.lowerBound.samePosition(in: lines[lineIndex].unicodeScalars)!) + 1
        let start = try #require((first["span"] as? [String: Any])?["start"] as? [String: Int])
        #expect(start["line"] == lineIndex + 1)
        if m.code != "yaml-syntax" { #expect(start["column"] == col) }
    }
}
