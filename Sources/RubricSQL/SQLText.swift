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

    /// One SQL line comment per line of `text`: the one way text from a rules
    /// file (ids, version names, paths) reaches a comment. A comment ends at
    /// CR as well as LF in PostgreSQL's and psql's lexers, so every control
    /// or line-separating character inside a line is written as `\u{...}`:
    /// nothing in the text can end the comment and start a statement.
    static func comment(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "-- " + commentSafe($0) }.joined(separator: "\n")
    }

    static func commentSafe(_ line: Substring) -> String {
        var out = String.UnicodeScalarView()
        for c in line.unicodeScalars {
            if needsEscape(c) {
                out.append(contentsOf: "\\u{\(Quoting.hex(c.value, digits: 4))}".unicodeScalars)
            } else {
                out.append(c)
            }
        }
        return String(out)
    }

    /// Characters never written raw into a script: controls (which end
    /// comments, split lines or drive terminals), line and paragraph
    /// separators, and invisible format characters such as bidi overrides.
    static func needsEscape(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator, .format: return true
        default: return false
        }
    }

}
