import RubricSyntax

/// A plain-text table whose columns stay aligned with East Asian wide
/// characters (each counts two columns). A heading much wider than its
/// column's values (a category titled 加强组织领导、强化舆论宣传 over
/// scores of two digits) wraps onto more lines, at its 、 or spaces where it
/// can, so that the table fits a terminal.
public struct TextTable {
    public var header: [String]
    public var rows: [[String]] = []
    /// Columns aligned right (numbers).
    public var rightAligned: Set<Int> = []
    /// A heading wraps when wider than this and than its column's values.
    public var headingWidth = 14

    public init(header: [String]) { self.header = header }

    /// The table as text; every cell is shown safely for a terminal (`Quoting.terminal`).
    public func render() -> String {
        let rows = self.rows.map { $0.map(Quoting.terminal) }
        var widths = header.map { _ in 0 }
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(c)) } }
        let headings = header.enumerated().map { i, h in Self.wrap(Quoting.terminal(h), width: max(widths[i], headingWidth)) }
        for (i, lines) in headings.enumerated() { widths[i] = max(widths[i], lines.map { DisplayWidth.of($0) }.max() ?? 0) }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                rightAligned.contains(i) ? DisplayWidth.padLeft(c, to: widths[i]) : DisplayWidth.padRight(c, to: widths[i])
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = ""
        let depth = headings.map(\.count).max() ?? 1
        // Wrapped headings sit on the rule, as a printed table's do.
        for n in 0..<depth { out += line(headings.map { n - (depth - $0.count) >= 0 ? $0[n - (depth - $0.count)] : "" }) + "\n" }
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }

    /// A title cut where a line may break: after each 、，；, comma,
    /// semicolon or space (加强组织领导、|强化舆论宣传). The terminal table
    /// and the report's headings wrap at the same places.
    static func phrases(_ text: String) -> [String] {
        var phrases: [String] = [], phrase = ""
        for ch in text {
            phrase.append(ch)
            if "、，；,; ".contains(ch) { phrases.append(phrase); phrase = "" }
        }
        if !phrase.isEmpty { phrases.append(phrase) }
        return phrases
    }

    /// `text` in lines of at most `width` columns: whole phrases (ending in
    /// 、，；, a comma or a space) where they fit, else character by character.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard DisplayWidth.of(text) > width else { return [text] }
        var lines: [String] = [], current = ""
        func add(_ piece: String) {
            if !current.isEmpty && DisplayWidth.of(current + piece) > width { lines.append(current.trimmingTrailingSpaces()); current = "" }
            current += piece
        }
        for p in phrases(text) {
            if DisplayWidth.of(p) <= width { add(p) } else { for ch in p { add(String(ch)) } }
        }
        if !current.isEmpty { lines.append(current.trimmingTrailingSpaces()) }
        return lines
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
