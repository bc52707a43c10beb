import Foundation

/// Hostile inputs, built on demand: the same ones the robustness tests and
/// the limits benchmark use.
enum HostileInputs {
    /// A "billion laughs" rules file: nine levels of aliases, ten each.
    static var billionLaughs: String {
        var s = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 { s += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        return s + "rubric: *a9\n"
    }

    static func deepFlowYAML(_ n: Int) -> String { "rubric: " + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "\n" }

    static func deepBlockYAML(_ n: Int) -> String {
        (0..<n).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n") + " 1\n"
    }

    /// The clean lint fixture with `when:` made of `n` nested parentheses.
    static func deepParens(_ n: Int, base: String) -> String {
        base.replacingOccurrences(of: "when: rate < 90.0", with: "when: \"" + String(repeating: "(", count: n) + "rate < 90.0" + String(repeating: ")", count: n) + "\"")
    }
}
