/// A position in a source file: 1-based line and column, columns counted in
/// Unicode scalars (as libyaml counts them).
public struct SourceLocation: Hashable, Comparable, Sendable, Codable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// A range of source text in one file. `end` is exclusive; a span that
/// covers nothing (`start == end`) still marks one column.
public struct SourceSpan: Hashable, Sendable, Codable {
    public var file: String
    public var start: SourceLocation
    public var end: SourceLocation

    public init(file: String, start: SourceLocation, end: SourceLocation) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// A span of `length` columns starting at `line:column`.
    public init(file: String, line: Int, column: Int, length: Int = 1) {
        self.init(file: file, start: SourceLocation(line: line, column: column),
                  end: SourceLocation(line: line, column: column + max(length, 1)))
    }

    /// A span for a whole file (used when no better position is known).
    public static func file(_ path: String) -> SourceSpan {
        SourceSpan(file: path, line: 1, column: 1)
    }
}
