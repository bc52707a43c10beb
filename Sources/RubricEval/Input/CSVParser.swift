import RubricSyntax
/// Splits one CSV record (RFC 4180: commas, double quotes, `""` inside
/// quotes). A record whose quotes are still open at the end of the line
/// continues on the next physical line.
public enum CSVParser {
    public enum Outcome {
        case cells([String])
        /// A quoted cell is still open: append the next line and try again.
        case unterminated
        case malformed(Message)
    }

    public static func split(_ text: String) -> Outcome {
        var cells: [String] = []
        var cell = String.UnicodeScalarView()
        var inQuotes = false
        var wasQuoted = false
        var it = Array(text.unicodeScalars)
        if it.first == "\u{FEFF}" { it.removeFirst() }
        var k = 0
        while k < it.count {
            let c = it[k]
            if inQuotes {
                if c == "\"" {
                    if k + 1 < it.count, it[k + 1] == "\"" { cell.append("\""); k += 2; continue }
                    inQuotes = false
                    k += 1
                    continue
                }
                cell.append(c)
                k += 1
                continue
            }
            switch c {
            case ",":
                cells.append(String(cell))
                cell = String.UnicodeScalarView()
                wasQuoted = false
            case "\"":
                if !cell.isEmpty || wasQuoted {
                    return .malformed(Message("csv.quote-inside", ["cell": "\(cells.count + 1)"]))
                }
                inQuotes = true
                wasQuoted = true
            default:
                if wasQuoted {
                    return .malformed(Message("csv.after-quote", ["cell": "\(cells.count + 1)"]))
                }
                cell.append(c)
            }
            k += 1
        }
        if inQuotes { return .unterminated }
        cells.append(String(cell))
        return .cells(cells)
    }
}
