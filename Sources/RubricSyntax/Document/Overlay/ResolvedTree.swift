import Foundation
import Yams

/// A rules file's YAML tree with its chain of bases merged in: what
/// `rubric show` prints, as a whole rules file that reads back to the same
/// rubric, with a comment wherever a part comes from another file than the
/// part around it.
public struct ResolvedTree: @unchecked Sendable {
    /// The files, base first, the resolved file last.
    public let chain: [SourceFile]
    let root: Node

    /// The tree as block YAML. `origins`: the comments naming where each part came from.
    public func yaml(origins: Bool = true) -> String {
        var out = ""
        if origins {
            out += "# resolved from " + (chain.count == 1 ? chain[0].path : "\(chain.count) files, base first:") + "\n"
            if chain.count > 1 { for f in chain { out += "#   \(f.path)\n" } }
        }
        Writer(chain: chain.map(\.path), origins: origins).block(root, indent: "", from: 0, into: &out)
        return out
    }

    struct Writer {
        let chain: [String]
        let origins: Bool

        func origin(_ node: Node) -> Int {
            let i = NodeOrigin.file(of: node)
            return i < chain.count ? i : 0
        }

        /// A comment line naming the node's file, when it differs from its surroundings'.
        func note(_ node: Node, _ indent: String, _ around: Int, _ out: inout String) {
            let here = origin(node)
            guard origins, here != around else { return }
            out += indent + "# from \(chain[here])" + (node.mark.map { ":\($0.line)" } ?? "") + "\n"
        }

        /// A mapping's entries or a list's items, one per line, at `indent`.
        func block(_ node: Node, indent: String, from around: Int, into out: inout String) {
            switch node {
            case .mapping(let m):
                for (k, v) in m {
                    note(v, indent, around, &out)
                    out += indent + scalar(k) + ":"
                    value(v, indent: indent, into: &out)
                }
            case .sequence(let s):
                for v in s {
                    note(v, indent, around, &out)
                    if let line = inline(v) {
                        out += indent + "-" + (line.isEmpty ? "" : " " + line) + "\n"
                        continue
                    }
                    var inner = ""
                    block(v, indent: indent + "  ", from: origin(v), into: &inner)
                    let first = indent + "  "
                    if case .mapping = v, inner.hasPrefix(first), !inner.dropFirst(first.count).hasPrefix("#") {
                        out += indent + "- " + inner.dropFirst(first.count)
                    } else {
                        out += indent + "-\n" + inner
                    }
                }
            default:
                out += indent + scalar(node) + "\n"
            }
        }

        /// What follows a key's colon.
        func value(_ v: Node, indent: String, into out: inout String) {
            if let line = inline(v) {
                out += (line.isEmpty ? "" : " " + line) + "\n"
            } else {
                out += "\n"
                block(v, indent: indent + "  ", from: origin(v), into: &out)
            }
        }

        /// A value written on one line: a scalar, an empty collection, a list of
        /// scalars (`[a, b]`), or a short mapping of those (`{id: x, points: -2}`),
        /// when all of it comes from one file.
        func inline(_ v: Node) -> String? {
            switch v {
            case .scalar: return scalar(v)
            case .mapping(let m) where m.isEmpty: return "{}"
            case .sequence(let s) where s.isEmpty: return "[]"
            case .sequence(let s) where s.allSatisfy({ isScalar($0, of: origin(v)) }):
                return flow(v)
            case .mapping(let m) where m.allSatisfy({ isScalar($0.key, of: origin(v)) && isScalars($0.value, of: origin(v)) }):
                let line = flow(v)
                return line.count <= 100 && !line.contains("\n") ? line : nil
            default: return nil
            }
        }

        /// A scalar or a list of scalars, all from one file.
        func isScalars(_ node: Node, of file: Int) -> Bool {
            if case .sequence(let s) = node { return origin(node) == file && s.allSatisfy { isScalar($0, of: file) } }
            return isScalar(node, of: file)
        }

        func isScalar(_ node: Node, of file: Int) -> Bool {
            if case .scalar = node { return origin(node) == file }
            return false
        }

        /// A collection of scalars in flow style, each quoted as it needs.
        func flow(_ node: Node) -> String {
            let text = (try? Yams.serialize(node: plain(node, flow: true), width: -1, allowUnicode: true)) ?? "[]"
            return text.trimmingCharacters(in: .newlines)
        }

        /// The node as it is written: no origin tags, every text in a style that holds it on one line.
        func plain(_ node: Node, flow: Bool) -> Node {
            switch node {
            case .scalar(let x):
                let style: Node.Scalar.Style = x.string.contains("\n") || x.style == .literal || x.style == .folded ? .doubleQuoted : x.style
                return .scalar(.init(x.string, .implicit, style))
            case .sequence(let s): return .sequence(.init(s.map { plain($0, flow: flow) }, .implicit, .flow))
            case .mapping(let m): return .mapping(.init(m.map { (plain($0.key, flow: flow), plain($0.value, flow: flow)) }, .implicit, .flow))
            case .alias: return node
            }
        }

        /// A scalar as YAML writes it, in its own style where that can hold it
        /// (an empty plain value stays empty: `types` lists names that way).
        func scalar(_ node: Node) -> String {
            guard case .scalar(let s) = node else { return "''" }
            if s.string.isEmpty { return s.style == .plain ? "" : "''" }
            let text = (try? Yams.serialize(node: plain(node, flow: false), width: -1, allowUnicode: true)) ?? "''"
            var t = Substring(text)
            while t.last == "\n" { t.removeLast() }
            return String(t)
        }
    }
}
