/// Text for the XML of a workbook (SpreadsheetML): the one quoting function
/// of that medium. Markup characters are escaped; characters XML 1.0 cannot
/// hold (C0 controls but tab, LF and CR) are written as SpreadsheetML's own
/// escape `_xHHHH_`, which Excel shows as that text's code; and a literal
/// `_xHHHH_` in the text is protected (`_x005F_xHHHH_`) so that no unit or
/// reason can turn into another character in Excel.
public enum XMLText {
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let scalars = Array(s.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "_" where isEscapeAhead(scalars, i): out += "_x005F_"
            default:
                if c.value < 0x20 && c != "\t" && c != "\n" && c != "\r" || c.value == 0xFFFE || c.value == 0xFFFF {
                    out += "_x" + hex4(c.value) + "_"
                } else {
                    out.unicodeScalars.append(c)
                }
            }
            i += 1
        }
        return out
    }

    /// Whether `_xHHHH_` starts at `i`.
    static func isEscapeAhead(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        guard i + 6 < s.count, s[i + 1] == "x", s[i + 6] == "_" else { return false }
        return s[(i + 2)...(i + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
    }

    static func hex4(_ v: UInt32) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}
