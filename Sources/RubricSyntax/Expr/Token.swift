/// One lexical token of an expression.
struct Token: Sendable {
    enum Kind: Equatable, Sendable {
        case ident(String)
        case int(Int64)
        /// An integer literal too large for int64: only valid right after unary minus.
        case intOverflow(String)
        case uint(UInt64)
        case double(Double)
        case string(String)
        case bytes([UInt8])
        case punct(String)
        case reserved(String)
        case eof
    }

    var kind: Kind
    var range: Range<Int>
}

/// A syntax error at a range of the expression text.
public struct ExprSyntaxError: Error, Sendable {
    public var message: Message
    public var range: Range<Int>
    public var help: Message?
    /// `not-supported` for valid CEL outside the subset, else `expr-syntax`.
    public var code: DiagnosticCode

    init(_ message: Message, _ range: Range<Int>, help: Message? = nil, code: DiagnosticCode = .exprSyntax) {
        self.message = message
        self.range = range
        self.help = help
        self.code = code
    }
}
