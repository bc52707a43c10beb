/// How serious a finding is.
public enum Severity: String, Sendable, Codable, Comparable {
    case warning
    case error

    public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
}

/// One finding about an input: a value with a source span, a stable code,
/// a message, and help that says how to fix it. Diagnostics are collected,
/// never thrown one at a time. The message and help are catalog messages,
/// worded when printed in the run's language (`text(in:)`); the code stays
/// the same in every language.
public struct Diagnostic: Sendable, Hashable {
    public var severity: Severity
    /// A stable, kebab-case identifier of the check (`unknown-key`, `type-mismatch`...).
    public var code: DiagnosticCode
    public var message: Message
    public var span: SourceSpan
    /// How to fix it, if there is something to say.
    public var help: Message?

    public init(_ severity: Severity, _ code: DiagnosticCode, _ message: Message, at span: SourceSpan, help: Message? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.span = span
        self.help = help
    }

    /// The message in `language`'s words.
    public func text(in language: Language = .en) -> String { Catalog.messages(language).text(message) }

    /// The help in `language`'s words; empty when there is none.
    public func helpText(in language: Language = .en) -> String { help.map(Catalog.messages(language).text) ?? "" }

    public static func error(_ code: DiagnosticCode, _ message: Message, at span: SourceSpan, help: Message? = nil) -> Diagnostic {
        Diagnostic(.error, code, message, at: span, help: help)
    }

    public static func warning(_ code: DiagnosticCode, _ message: Message, at span: SourceSpan, help: Message? = nil) -> Diagnostic {
        Diagnostic(.warning, code, message, at: span, help: help)
    }
}

/// An ordered collection of diagnostics, appended to by every phase.
public struct Diagnostics: Sendable {
    public private(set) var items: [Diagnostic] = []

    public init() {}

    public mutating func add(_ d: Diagnostic) { items.append(d) }
    public mutating func add(contentsOf ds: [Diagnostic]) { items.append(contentsOf: ds) }
    public mutating func error(_ code: DiagnosticCode, _ message: Message, at span: SourceSpan, help: Message? = nil) {
        items.append(.error(code, message, at: span, help: help))
    }
    public mutating func warning(_ code: DiagnosticCode, _ message: Message, at span: SourceSpan, help: Message? = nil) {
        items.append(.warning(code, message, at: span, help: help))
    }

    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public var errorCount: Int { items.filter { $0.severity == .error }.count }

    /// The diagnostics in file, position, then code order (stable for output).
    public var sorted: [Diagnostic] {
        items.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.span.file != y.span.file { return x.span.file < y.span.file }
            if x.span.start != y.span.start { return x.span.start < y.span.start }
            return a.offset < b.offset
        }.map(\.element)
    }
}
