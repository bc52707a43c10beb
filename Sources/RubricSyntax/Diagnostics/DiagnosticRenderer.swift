import Foundation

/// Renders diagnostics the way compilers do:
///
///     rules/seed.yaml:12:9: error[unknown-key]: unknown key `ponts`
///        12 |         ponts: -2
///           |         ^^^^^
///       help: did you mean `points`?
///
/// in the words of `language` (`错误[unknown-key]: 未知的键 …`; the code
/// stays as it is in every language, so it can be looked up and searched).
public struct DiagnosticRenderer {
    let files: [String: SourceFile]
    let catalog: Catalog

    public init(files: [SourceFile], language: Language = .en) {
        var map: [String: SourceFile] = [:]
        for f in files { map[f.path] = f }
        self.files = map
        catalog = Catalog.messages(language)
    }

    /// `error[code]: message` (`错误[code]：message`), as printed after a place.
    public func head(_ severity: Severity, _ code: DiagnosticCode, _ message: Message) -> String {
        catalog("diagnostic.head", ["severity": catalog["severity.\(severity.rawValue)"], "code": code.rawValue, "message": catalog.text(message)])
    }

    public func render(_ d: Diagnostic) -> String {
        var out = Quoting.terminal("\(d.span.file):\(d.span.start.line):\(d.span.start.column): " + head(d.severity, d.code, d.message)) + "\n"
        if let file = files[d.span.file], let line = file.line(d.span.start.line) {
            let number = String(d.span.start.line)
            let gutter = String(repeating: " ", count: number.count)
            let shown = line.unicodeScalars.map(Self.shown).joined()
            out += " \(number) | \(shown)\n"
            out += " \(gutter) | \(caretLine(line: line, span: d.span))\n"
        }
        if let help = d.help.map(catalog.text), !help.isEmpty {
            out += "  " + Quoting.terminalLines(catalog("diagnostic.help", ["help": help])) + "\n"
        }
        return out
    }

    /// A character of a source line as shown: a tab as four spaces, a
    /// control or bidi character as its escape (`Quoting.terminalEscape`).
    static func shown(_ c: Unicode.Scalar) -> String {
        c == "\t" ? "    " : Quoting.terminalEscape(c) ?? String(c)
    }

    static func width(_ c: Unicode.Scalar) -> Int {
        c == "\t" ? 4 : Quoting.terminalEscape(c).map { $0.unicodeScalars.count } ?? DisplayWidth.of(c)
    }

    public func render(_ ds: [Diagnostic]) -> String { ds.map(render).joined() }

    /// Spaces up to the span's start, then one caret per display column it covers.
    func caretLine(line: Substring, span: SourceSpan) -> String {
        let scalars = Array(line.unicodeScalars)
        let start = max(span.start.column - 1, 0)
        let end = span.end.line == span.start.line ? max(span.end.column - 1, start + 1) : scalars.count
        var pad = 0
        for i in 0..<min(start, scalars.count) { pad += Self.width(scalars[i]) }
        if start > scalars.count { pad += start - scalars.count }
        var width = 0
        for i in start..<max(min(end, scalars.count), start) { width += Self.width(scalars[i]) }
        return String(repeating: " ", count: pad) + String(repeating: "^", count: max(width, 1))
    }
}
