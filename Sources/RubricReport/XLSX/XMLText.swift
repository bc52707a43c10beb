import RubricSyntax

/// Text for the XML of a workbook (SpreadsheetML): the one quoting function
/// of that medium. Markup characters are escaped as in HTML (the same five
/// entities, `HTMLText.escape`); characters XML 1.0 cannot hold (C0
/// controls but tab, LF and CR) are written as SpreadsheetML's own escape
/// `_xHHHH_`, which Excel shows as that text's code; and a literal
/// `_xHHHH_` in the text is protected (`_x005F_xHHHH_`) so that no unit or
/// reason can turn into another character in Excel.
public enum XMLText {
    public static func escape(_ s: String) -> String {
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (i, c) in scalars.enumerated() {
            if c == "_" && isEscapeAhead(scalars, i) {
                out.append(contentsOf: "_x005F_".unicodeScalars)
            } else if c.value < 0x20 && c != "\t" && c != "\n" && c != "\r" || c.value == 0xFFFE || c.value == 0xFFFF {
                out.append(contentsOf: ("_x" + Quoting.hex(c.value, digits: 4) + "_").unicodeScalars)
            } else {
                out.append(c)
            }
        }
        return HTMLText.escape(String(out))
    }

    /// Whether `_xHHHH_` starts at `i`.
    static func isEscapeAhead(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        guard i + 6 < s.count, s[i + 1] == "x", s[i + 6] == "_" else { return false }
        return s[(i + 2)...(i + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
    }
}
