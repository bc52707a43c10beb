import RubricSyntax

/// A plain-text table whose columns stay aligned with East Asian wide
/// characters (each counts two columns).
public struct TextTable {
    public var header: [String]
    public var rows: [[String]] = []
    /// Columns aligned right (numbers).
    public var rightAligned: Set<Int> = []

    public init(header: [String]) { self.header = header }

    /// The table as text; every cell is shown safely for a terminal (`Quoting.terminal`).
    public func render() -> String {
        let header = self.header.map(Quoting.terminal)
        let rows = self.rows.map { $0.map(Quoting.terminal) }
        var widths = header.map { DisplayWidth.of($0) }
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(c)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                rightAligned.contains(i) ? DisplayWidth.padLeft(c, to: widths[i]) : DisplayWidth.padRight(c, to: widths[i])
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
