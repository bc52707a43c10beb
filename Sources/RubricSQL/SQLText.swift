import RubricSyntax

/// Literal text shared by every dialect.
enum SQLText {
    /// A double literal that reads back the same binary64 value.
    static func double(_ d: Double) -> String {
        let s = "\(d)"
        return s.contains("e") || s.contains(".") ? s : s + ".0"
    }

    /// An exact decimal of the points type.
    static func decimal(_ f: Fixed, _ dialect: Dialect) -> String {
        "CAST(\(f.description) AS \(dialect.decimal))"
    }

    /// `a, b, c` of string literals.
    static func strings(_ xs: [String], _ dialect: Dialect) -> String {
        xs.map(dialect.string).joined(separator: ", ")
    }

    /// One SQL line comment per line of `text`.
    static func comment(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "-- " + $0 }.joined(separator: "\n")
    }
}
