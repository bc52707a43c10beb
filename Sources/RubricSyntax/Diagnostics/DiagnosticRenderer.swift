import Foundation

/// Renders diagnostics the way compilers do:
///
///     rules/seed.yaml:12:9: error[unknown-key]: unknown key `ponts`
///        12 |         ponts: -2
///           |         ^^^^^
///       help: did you mean `points`?
public struct DiagnosticRenderer {
    let files: [String: SourceFile]

    public init(files: [SourceFile]) {
        var map: [String: SourceFile] = [:]
        for f in files { map[f.path] = f }
        self.files = map
    }

    public func render(_ d: Diagnostic) -> String {
        var out = "\(d.span.file):\(d.span.start.line):\(d.span.start.column): \(d.severity.rawValue)[\(d.code)]: \(d.message)\n"
        if let file = files[d.span.file], let line = file.line(d.span.start.line) {
            let number = String(d.span.start.line)
            let gutter = String(repeating: " ", count: number.count)
            let shown = line.replacingTabs()
            out += " \(number) | \(shown)\n"
            out += " \(gutter) | \(caretLine(line: line, span: d.span))\n"
        }
        if !d.help.isEmpty { out += "  help: \(d.help)\n" }
        return out
    }

    public func render(_ ds: [Diagnostic]) -> String { ds.map(render).joined() }

    /// Spaces up to the span's start, then one caret per display column it covers.
    func caretLine(line: Substring, span: SourceSpan) -> String {
        let scalars = Array(line.unicodeScalars)
        let start = max(span.start.column - 1, 0)
        let end = span.end.line == span.start.line ? max(span.end.column - 1, start + 1) : scalars.count
        var pad = 0
        for i in 0..<min(start, scalars.count) { pad += scalars[i] == "\t" ? 4 : DisplayWidth.of(scalars[i]) }
        if start > scalars.count { pad += start - scalars.count }
        var width = 0
        for i in start..<max(min(end, scalars.count), start) { width += scalars[i] == "\t" ? 4 : DisplayWidth.of(scalars[i]) }
        return String(repeating: " ", count: pad) + String(repeating: "^", count: max(width, 1))
    }
}

extension Substring {
    func replacingTabs() -> String { String(self).replacingOccurrences(of: "\t", with: "    ") }
}
