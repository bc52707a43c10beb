import Yams

/// Reads Yams nodes into typed values, collecting a diagnostic (with the
/// node's line and column) for every key, kind or value that is wrong.
final class YAMLReader {
    /// The file being read: the last of the chain (an overlay, or the one file).
    let file: String
    /// The files a resolved tree's nodes come from, base first (`NodeOrigin`).
    let chain: [String]
    let fileLines: [[[Unicode.Scalar]]]
    var diagnostics = Diagnostics()

    convenience init(source: SourceFile) { self.init(chain: [source]) }

    init(chain: [SourceFile]) {
        file = chain.last?.path ?? ""
        self.chain = chain.map(\.path)
        fileLines = chain.map { $0.lines.map { Array($0.unicodeScalars) } }
    }

    /// A mapping node's entries, in order, with their keys as text.
    struct Mapping {
        var node: Node
        var entries: [(key: String, keyNode: Node, value: Node)]
        func value(_ key: String) -> Node? { entries.first { $0.key == key }?.value }
        func keyNode(_ key: String) -> Node? { entries.first { $0.key == key }?.keyNode }
    }

    // MARK: spans

    func span(_ node: Node?) -> SourceSpan {
        guard let node, let mark = node.mark else { return .file(file) }
        let index = origin(node)
        let lines = fileLines[index]
        var length = 1
        if case .scalar(let s) = node, !s.string.contains("\n") {
            length = s.string.unicodeScalars.count
            if s.style == .singleQuoted || s.style == .doubleQuoted { length += 2 }
            // Trust the text on the line when it is there (escapes change lengths).
            if let line = mark.line <= lines.count ? lines[mark.line - 1] : nil {
                length = min(max(length, 1), max(line.count - mark.column + 1, 1))
            }
        }
        return SourceSpan(file: chain[index], line: mark.line, column: mark.column, length: length)
    }

    /// The position in the chain of the file a node came from.
    func origin(_ node: Node) -> Int {
        let index = NodeOrigin.file(of: node)
        return index < chain.count ? index : 0
    }

    func error(_ code: DiagnosticCode, _ message: Message, _ node: Node?, help: Message? = nil) {
        diagnostics.error(code, message, at: span(node), help: help)
    }

    /// What a node is, for "found ...": its text, or the kind of node.
    func describe(_ node: Node) -> Message.Argument {
        switch node {
        case .scalar(let s): return s.string.isEmpty ? .phrase("node.empty") : "`\(s.string)`"
        case .mapping: return .phrase("node.mapping")
        case .sequence: return .phrase("node.list")
        case .alias: return .phrase("node.alias")
        }
    }

    // MARK: structure

    func mapping(_ node: Node?, _ what: Message.Argument) -> Mapping? {
        guard let node else { return nil }
        guard case .mapping(let m) = node else {
            error(.wrongKind, Message("wrong-kind.must-mapping-keys-values", ["what": what, "describe": describe(node)]), node,
                  help: Message("wrong-kind.must-mapping-keys-values.help"))
            return nil
        }
        var entries: [(String, Node, Node)] = []
        for (k, v) in m {
            guard case .scalar(let ks) = k else {
                error(.wrongKind, Message("wrong-kind.key-must-plain-text", ["what": what]), k)
                continue
            }
            guard !refusesNUL(ks, k) else { continue }
            entries.append((ks.string, k, v))
        }
        return Mapping(node: node, entries: entries)
    }

    func checkKeys(_ m: Mapping, _ shape: RubricKeys.Shape, what: Message.Argument) {
        checkKeys(m, allowed: shape.allowed, required: shape.required, what: what)
    }

    /// Reports keys not in `allowed` (with the nearest one) and missing `required` keys.
    func checkKeys(_ m: Mapping, allowed: [String], required: [String] = [], what: Message.Argument) {
        for e in m.entries where !allowed.contains(e.key) {
            error(.unknownKey, Message("unknown-key.unknown-key", ["key": "\(e.key)", "what": what]), e.keyNode,
                  help: Suggestion.help(for: e.key, in: allowed))
        }
        // A missing key that an unknown key is a typo of is reported once, as the typo.
        let typos = Set(m.entries.filter { !allowed.contains($0.key) }.compactMap { Suggestion.nearest(to: $0.key, in: allowed) })
        for r in required where m.value(r) == nil && !typos.contains(r) {
            error(.missingKey, Message("missing-key.missing-required-key", ["what": what, "r": "\(r)"]), m.node,
                  help: Message("missing-key.missing-required-key.help", ["r": "\(r)"]))
        }
    }

    func sequence(_ node: Node?, _ what: Message.Argument) -> [Node] {
        guard let node else { return [] }
        switch node {
        case .sequence(let s): return Array(s)
        case .scalar(let s) where s.string.isEmpty && s.style == .plain: return []
        default:
            error(.wrongKind, Message("wrong-kind.must-list-found", ["what": what, "describe": describe(node)]), node,
                  help: Message("wrong-kind.must-list-found.help"))
            return []
        }
    }

    // MARK: scalars

    func scalar(_ node: Node?, _ what: Message.Argument) -> Node.Scalar? {
        guard let node else { return nil }
        guard case .scalar(let s) = node else {
            error(.wrongKind, Message("wrong-kind.must-single-value-found", ["what": what, "describe": describe(node)]), node)
            return nil
        }
        return refusesNUL(s, node) ? nil : s
    }

    /// A NUL (U+0000, YAML's `"\0"`) in any text of a rules file is an error:
    /// no output medium (SQL above all) can carry it, so it stops here, once.
    func refusesNUL(_ s: Node.Scalar, _ node: Node) -> Bool {
        guard s.string.unicodeScalars.contains("\0") else { return false }
        error(.badValue, Message("bad-value.text-rules-file-cannot"), node, help: Message("bad-value.text-rules-file-cannot.help"))
        return true
    }

    func string(_ node: Node?, _ what: Message.Argument) -> Located<String>? {
        guard let s = scalar(node, what) else { return nil }
        if s.string.isEmpty && s.style == .plain {
            error(.wrongKind, Message("wrong-kind.empty", ["what": what]), node, help: Message("wrong-kind.empty.help"))
            return nil
        }
        return Located(s.string, span(node))
    }

    func fixed(_ node: Node?, _ what: Message.Argument) -> Located<Fixed>? {
        guard let s = scalar(node, what) else { return nil }
        guard s.style == .plain, let v = Fixed(parsing: s.string) else {
            if s.style == .plain, Double(s.string) != nil {
                error(.badValue, Message("bad-value.out-range", ["what": what, "s": "\(s.string)"]), node,
                      help: Message("bad-value.out-range.help"))
            } else {
                error(.wrongKind, Message("wrong-kind.must-number-found", ["what": what, "describe": describe(node!)]), node,
                      help: Message("wrong-kind.must-number-found.help"))
            }
            return nil
        }
        return Located(v, span(node))
    }

    /// A bound that may be open: a number, or `none` for no bound (nil
    /// inside). `~`, `null`, an empty value and `.inf` are refused with a
    /// pointer to `none`, so an open bound is always written on purpose.
    func bound(_ node: Node?, _ what: Message.Argument) -> Located<Fixed?>? {
        if let node, case .scalar(let s) = node, s.style == .plain {
            if s.string == "none" { return Located(nil, span(node)) }
            if ["", "~", "null", "Null", "NULL"].contains(s.string) || s.string.lowercased().hasSuffix(".inf") {
                error(.wrongKind, Message("wrong-kind.must-number-none-found", ["what": what, "s": "\(s.string)"]), node,
                      help: Message("wrong-kind.must-number-none-found.help"))
                return nil
            }
        }
        return fixed(node, what).map { Located($0.value, $0.span) }
    }

    /// `bound` where an open bound is the same as leaving the key out.
    func optionalBound(_ node: Node?, _ what: Message.Argument) -> Located<Fixed>? {
        bound(node, what).flatMap { b in b.value.map { Located($0, b.span) } }
    }

    func bool(_ node: Node?, _ what: Message.Argument) -> Located<Bool>? {
        guard let s = scalar(node, what) else { return nil }
        guard s.style == .plain, s.string == "true" || s.string == "false" else {
            error(.wrongKind, Message("wrong-kind.must-true-false-found", ["what": what, "describe": describe(node!)]), node)
            return nil
        }
        return Located(s.string == "true", span(node))
    }

    func int(_ node: Node?, _ what: Message.Argument, min: Int = Int.min) -> Located<Int>? {
        guard let s = scalar(node, what) else { return nil }
        guard s.style == .plain, let v = Int(s.string), v >= min else {
            error(.wrongKind, min > Int.min ? Message("wrong-kind.must-whole-number-at-least", ["what": what, "min": "\(min)", "describe": describe(node!)])
                                            : Message("wrong-kind.must-whole-number-found", ["what": what, "describe": describe(node!)]), node)
            return nil
        }
        return Located(v, span(node))
    }

    func choice<E: RawRepresentable & CaseIterable & Sendable>(_ node: Node?, _ what: Message.Argument, _ type: E.Type) -> Located<E>? where E.RawValue == String {
        guard let s = string(node, what) else { return nil }
        guard let v = E(rawValue: s.value) else {
            let all = E.allCases.map(\.rawValue)
            error(.badValue, Message("bad-value.cannot", ["what": what, "s": "\(s.value)"]), node,
                  help: Suggestion.nearest(to: s.value, in: all).map { Message("suggestion.did-you-mean-of", ["name": "\($0)", "choices": .list(all.map { .text($0) })]) }
                    ?? Suggestion.help(for: s.value, in: all))
            return nil
        }
        return Located(v, s.span)
    }

    /// A name or a list of names (`on: a` or `on: [a, b]`).
    func names(_ node: Node?, _ what: Message.Argument) -> [Located<String>] {
        guard let node else { return [] }
        if case .scalar = node { return string(node, what).map { [$0] } ?? [] }
        return sequence(node, what).compactMap { string($0, what) }
    }

    /// An expression scalar, mapped character by character to file positions.
    func expression(_ node: Node?, _ what: Message.Argument) -> ExprSource? {
        guard let s = scalar(node, what), let node, let mark = node.mark else { return nil }
        let text = s.string
        return ExprSource(text: text, span: span(node), positions: positions(of: text, at: mark, in: fileLines[origin(node)], style: s.style))
    }

    /// Aligns the scalar's value with the file text from its mark, skipping
    /// the whitespace that YAML folding and indentation change.
    func positions(of text: String, at mark: Mark, in lines: [[Unicode.Scalar]], style: Node.Scalar.Style) -> [SourceLocation] {
        var line = mark.line - 1
        var col = mark.column - 1
        if style == .literal || style == .folded { line += 1; col = 0 }
        else if style == .singleQuoted || style == .doubleQuoted { col += 1 }
        func current() -> Unicode.Scalar? {
            guard line < lines.count else { return nil }
            return col < lines[line].count ? lines[line][col] : "\n"
        }
        func step() {
            guard line < lines.count else { return }
            if col < lines[line].count { col += 1 } else { line += 1; col = 0 }
        }
        func loc() -> SourceLocation { SourceLocation(line: line + 1, column: col + 1) }
        var out: [SourceLocation] = []
        let scalars = Array(text.unicodeScalars)
        var k = 0
        while k < scalars.count {
            let c = scalars[k]
            if c == " " || c == "\n" || c == "\t" {
                let here = loc()
                while let f = current(), f == " " || f == "\n" || f == "\t" { step() }
                while k < scalars.count, scalars[k] == " " || scalars[k] == "\n" || scalars[k] == "\t" {
                    out.append(here); k += 1
                }
                continue
            }
            // Leading indentation in the file before the next character.
            if let f = current(), f != c, f == " " || f == "\n" {
                while let g = current(), g == " " || g == "\n" { step() }
            }
            out.append(loc())
            step()
            k += 1
        }
        out.append(loc())
        return out
    }
}
