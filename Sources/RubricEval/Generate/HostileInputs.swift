import Foundation

/// Hostile inputs, built on demand: the same ones the robustness tests and
/// the limits benchmark (`rubric-bench limits`) use.
public enum HostileInputs {
    /// A "billion laughs" rules file: nine levels of aliases, ten each.
    public static var billionLaughs: String {
        var s = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 { s += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        return s + "rubric: *a9\n"
    }

    public static func deepFlowYAML(_ n: Int) -> String { "rubric: " + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "\n" }

    public static func deepBlockYAML(_ n: Int) -> String {
        (0..<n).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n") + " 1\n"
    }

    /// The clean lint fixture with `when:` made of `n` nested parentheses.
    public static func deepParens(_ n: Int, base: String) -> String {
        base.replacingOccurrences(of: "when: rate < 90.0", with: "when: \"" + String(repeating: "(", count: n) + "rate < 90.0" + String(repeating: ")", count: n) + "\"")
    }
}

extension HostileInputs {
    /// An events line longer than the reader accepts.
    public static func overlongEventLine(bytes: Int = 2_000_000) -> String {
        #"{"date":"2024-01-06","unit":"U","type":"t","note":""# + String(repeating: "x", count: bytes) + #""}"#
    }

    /// An expression of `n` nested parentheses.
    public static func parentheses(_ n: Int) -> String {
        String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)
    }

    /// A chain of `n` additions.
    public static func additions(_ n: Int) -> String {
        Array(repeating: "1", count: n).joined(separator: " + ")
    }
}
