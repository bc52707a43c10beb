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
                        return .error(.tooDeep, "YAML nested more than \(maxDepth) levels deep", at: SourceSpan(file: source.path, line: i + 1, column: col),
                                      help: "a rules file needs only a few levels; check for runaway brackets")
                    }
                } else if c == "]" || c == "}" {
                    flow = max(0, flow - 1)
                }
            }
            inQuote = nil
            if indent / 2 + dashes > maxDepth * 2 {
                return .error(.tooDeep, "YAML indented more than \(maxDepth * 2) levels deep", at: SourceSpan(file: source.path, line: i + 1, column: 1))
            }
        }
        return nil
    }

    static func diagnostic(for e: YamlError, file: String) -> Diagnostic {
        switch e {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
            var message = problem
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return .error(.yamlSyntax, "YAML: \(message)", at: SourceSpan(file: file, line: mark.line, column: mark.column),
                          help: help(for: problem))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .error(.duplicateKey, "the key `\(duplicates.joined(separator: "`, `"))` appears twice in one mapping",
                          at: SourceSpan(file: file, line: context.mark.line, column: context.mark.column),
                          help: "keep one of them; YAML keys must be unique")
        case .reader(let problem, let offset, _, _):
            return .error(.yamlSyntax, "YAML: \(problem)\(offset.map { " at byte \($0)" } ?? "")", at: .file(file))
        default:
            return .error(.yamlSyntax, "YAML: \(e)", at: .file(file))
        }
    }

    static func help(for problem: String) -> String {
        if problem.contains("mapping values are not allowed") { return "a value containing `: ` must be quoted, or a key is indented wrongly" }
        if problem.contains("did not find expected key") { return "check the indentation of this line against the keys above it" }
        if problem.contains("tab") { return "indent with spaces, not tabs" }
        if problem.contains("found character that cannot start any token") { return "quote values that begin with `@`, `` ` `` or `%`" }
        return "check the indentation and quoting near this position"
    }
}
