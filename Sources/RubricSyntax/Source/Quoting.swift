extension Quoting {
    /// `value` in hexadecimal, at least `digits` long: the one way every
    /// escape (`\u001b`, `\u{1B}`, `\u202E`) writes a code point.
    public static func hex(_ value: UInt32, digits: Int, uppercase: Bool = true) -> String {
        let h = String(value, radix: 16, uppercase: uppercase)
        return String(repeating: "0", count: max(0, digits - h.count)) + h
    }
}

/// Text in double quotes with JSON escapes (`"a\"b\n"`): how JSON output
/// and expression values print strings.
public enum Quoting {
    public static func json(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 {
                    out += "\\u" + hex(c.value, digits: 4, uppercase: false)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}

// MARK: terminals

extension Quoting {
    /// How a character is shown on a terminal when it cannot be shown as
    /// itself, or nil when it can. Control characters (escape sequences,
    /// CR, backspace, C1 controls) would drive the terminal, and bidi
    /// controls would reorder the text around them: both are written as
    /// visible escapes (`\r`, `\u{1B}`, `\u{202E}`); a tab stays a tab.
    public static func terminalEscape(_ c: Unicode.Scalar) -> String? {
        switch c {
        case "\t": return nil
        case "\n": return "\\n"
        case "\r": return "\\r"
        default:
            let bidi = (0x202A...0x202E).contains(c.value) || (0x2066...0x2069).contains(c.value)
                || c.value == 0x200E || c.value == 0x200F || c.value == 0x061C
            guard bidi || c.properties.generalCategory == .control else { return nil }
            return "\\u{" + hex(c.value, digits: 2) + "}"
        }
    }

    /// `s` as a terminal shows it safely: one line of visible characters.
    /// The one function for text bound for a terminal: table cells and
    /// headings, reject reasons, explanations, diagnostics.
    public static func terminal(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { terminalEscape($0) != nil }) else { return s }
        var out = ""
        for c in s.unicodeScalars {
            if let e = terminalEscape(c) { out += e } else { out.unicodeScalars.append(c) }
        }
        return out
    }

    /// Like `terminal`, but keeps line breaks: for multi-line text (an
    /// explanation, a list of rejects) whose lines are each made safe.
    public static func terminalLines(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { terminal(String($0)) }.joined(separator: "\n")
    }
}

// MARK: CSV and markdown

extension Quoting {
    /// What a CSV cell is for.
    public enum CSVUse: Sendable {
        /// Read by people in a spreadsheet (`eval --format csv`): a text cell
        /// that a spreadsheet would run as a formula (it starts with `=`, `+`,
        /// `-`, `@`, a tab or a CR) gets a leading `'`, which Excel and
        /// LibreOffice show as text and hide; numbers (`-3.5`) stay numbers.
        case spreadsheet
        /// Read back by programs (staged events, generated logs): the text as it is.
        case data
    }

    /// One CSV cell (RFC 4180): quoted when it holds a comma, a quote, a
    /// line feed or a carriage return (a bare CR ends a record for many
    /// readers), or always with `alwaysQuoted`.
    public static func csv(_ s: String, for use: CSVUse, alwaysQuoted: Bool = false) -> String {
        var text = s
        if use == .spreadsheet, let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isPlainNumber(s) {
            text = "'" + s
        }
        guard alwaysQuoted || text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `-3`, `+2.5`, `10`: a decimal a spreadsheet reads as a number, not a formula.
    static func isPlainNumber(_ s: String) -> Bool {
        var scalars = Substring(s).unicodeScalars
        if let f = scalars.first, f == "-" || f == "+" { scalars = scalars.dropFirst() }
        let parts = String(scalars).split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy { $0 >= "0" && $0 <= "9" } }
    }

    /// One markdown table cell: nothing in it can end the cell or the row,
    /// or be read as markup (emphasis, code, links, HTML). Markdown's
    /// punctuation gets a backslash, a line break (LF or CRLF) becomes
    /// `<br>`, other control characters are shown as escapes (as on a
    /// terminal, so a lone CR stays told apart from a line break).
    public static func markdownCell(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "#", "!": out += "\\" + String(c)
            case "\n": out += "<br>"
            default:
                if let e = terminalEscape(c) { out += e } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// A CSS string literal (`"..."`) for text from the rules (a report's
    /// title in its printed page header): quotes, backslashes, `<` and `>`
    /// (so no `</style>` can close the sheet), `&`, and every control or
    /// line-separating character are written as CSS hex escapes.
    public static func cssString(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            if c.value < 0x20 || c.value == 0x7F || c.value == 0x2028 || c.value == 0x2029 || "\\\"'<>&".unicodeScalars.contains(c) {
                out += "\\" + hex(c.value, digits: 6, uppercase: false) + " "
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
