import Yams

/// Guards in front of libyaml: inputs that would make the composer recurse
/// too deep or the tree expand without bound are reported instead.
enum YAMLLimits {
    /// Counts nodes (following aliases, which Yams resolves by sharing),
    /// stopping as soon as `limit` is passed.
    static func countNodes(_ node: Node, limit: Int) -> Int {
        var count = 0
        var stack = [node]
        while let n = stack.popLast() {
            count += 1
            if count > limit { return count }
            switch n {
            case .mapping(let m): for (k, v) in m { stack.append(k); stack.append(v) }
            case .sequence(let s): stack.append(contentsOf: s)
            default: break
            }
        }
        return count
    }

    /// Rejects flow or block nesting deeper than `maxDepth` before libyaml
    /// sees it (its composer recurses once per level).
    static func precheck(_ source: SourceFile, maxDepth: Int) -> Diagnostic? {
        var flow = 0
        var inQuote: Unicode.Scalar?
        for (i, line) in source.lines.enumerated() {
            var col = 0
            var indent = 0
            var leading = true
            var dashes = 0
            for c in line.unicodeScalars {
                col += 1
                if leading {
                    if c == " " { indent += 1; continue }
                    if c == "-" { dashes += 1; continue }
                    leading = false
                }
                if let q = inQuote { if c == q { inQuote = nil }; continue }
                if c == "#" { break }
                if c == "\"" || c == "'" { inQuote = c; continue }
                if c == "[" || c == "{" {
                    flow += 1
                    if flow > maxDepth {
                        return .error(.tooDeep, Message("too-deep.yaml-nested-more-than", ["maxDepth": "\(maxDepth)"]), at: SourceSpan(file: source.path, line: i + 1, column: col),
                                      help: Message("too-deep.yaml-nested-more-than.help"))
                    }
                } else if c == "]" || c == "}" {
                    flow = max(0, flow - 1)
                }
            }
            inQuote = nil
            if indent / 2 + dashes > maxDepth * 2 {
                return .error(.tooDeep, Message("too-deep.yaml-indented-more-than", ["p": "\(maxDepth * 2)"]), at: SourceSpan(file: source.path, line: i + 1, column: 1))
            }
        }
        return nil
    }

    static func diagnostic(for e: YamlError, file: String) -> Diagnostic {
        switch e {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
            let message = context.map { Message("yaml-syntax.in-context", ["problem": "\(problem)", "context": "\($0.text)", "line": "\($0.mark.line)"]) }
                ?? Message("yaml-syntax.yaml", ["problem": "\(problem)"])
            return .error(.yamlSyntax, message, at: SourceSpan(file: file, line: mark.line, column: mark.column),
                          help: help(for: problem))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .error(.duplicateKey, Message("duplicate-key.key-appears-twice-one", ["keys": .code(duplicates)]),
                          at: SourceSpan(file: file, line: context.mark.line, column: context.mark.column),
                          help: Message("duplicate-key.key-appears-twice-one.help"))
        case .reader(let problem, let offset, _, _):
            return .error(.yamlSyntax, offset.map { Message("yaml-syntax.at-byte", ["problem": "\(problem)", "offset": "\($0)"]) } ?? Message("yaml-syntax.yaml", ["problem": "\(problem)"]), at: .file(file))
        default:
            return .error(.yamlSyntax, Message("yaml-syntax.yaml", ["problem": "\(e)"]), at: .file(file))
        }
    }

    /// What likely went wrong, from libyaml's (English) description of the problem.
    static func help(for problem: String) -> Message {
        if problem.contains("mapping values are not allowed") { return Message("yaml-syntax.colon.help") }
        if problem.contains("did not find expected key") { return Message("yaml-syntax.indentation.help") }
        if problem.contains("tab") { return Message("yaml-syntax.tab.help") }
        if problem.contains("found character that cannot start any token") { return Message("yaml-syntax.start.help") }
        return Message("yaml-syntax.near.help")
    }
}
