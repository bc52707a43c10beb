/// An expression as written in a rules file: its text, its parse, and the
/// file position of every character so diagnostics point inside it.
public struct ExprSource: Sendable {
    public var text: String
    public var parsed: Result<ParsedExpr, ExprSyntaxError>
    /// Span of the whole YAML scalar.
    public var span: SourceSpan
    /// File position of each Unicode scalar of `text`, plus one past the end.
    let positions: [SourceLocation]

    public init(text: String, span: SourceSpan, positions: [SourceLocation]) {
        self.text = text
        self.span = span
        self.positions = positions
        self.parsed = ExprParser.parse(text)
    }

    /// An expression not from a file (tests, `rubric expr`): positions are
    /// columns of line 1 of a pseudo-file.
    public init(text: String, file: String = "<expr>") {
        let n = text.unicodeScalars.count
        self.init(text: text, span: SourceSpan(file: file, line: 1, column: 1, length: n),
                  positions: (0...n).map { SourceLocation(line: 1, column: $0 + 1) })
    }

    /// The file span of a range of the expression text.
    public func span(of range: Range<Int>) -> SourceSpan {
        guard !positions.isEmpty else { return span }
        let lo = positions[min(max(range.lowerBound, 0), positions.count - 1)]
        var hi = positions[min(max(range.upperBound, 0), positions.count - 1)]
        if hi.line != lo.line {
            // Keep the caret on the first line of a multi-line range.
            hi = SourceLocation(line: lo.line, column: lo.column + 1)
        }
        return SourceSpan(file: span.file, start: lo, end: hi)
    }

    /// The syntax error as a diagnostic, if parsing failed.
    public var syntaxDiagnostic: Diagnostic? {
        guard case .failure(let e) = parsed else { return nil }
        return .error(e.code, e.message, at: span(of: e.range), help: e.help)
    }
}
