import Yams

/// Which file a node of a resolved YAML tree came from. An overlay's tree
/// is its base's tree with the overlay's nodes merged in, so one tree holds
/// nodes of several files. Each node's YAML tag names its file's position in
/// the chain (the first file's nodes keep theirs): the reader treats every
/// scalar as text and never reads tags, and a mark cannot be made outside
/// the YAML parser. `YAMLReader.span` and the resolved-YAML writer decode
/// it here, so every diagnostic names the file that holds its text.
public enum NodeOrigin {
    static let prefix = "tag:rubric.origin,"

    /// The node's tree with every node marked as coming from file `index` of the chain.
    static func tag(_ node: Node, file index: Int) -> Node {
        guard index > 0 else { return node }
        let t = Tag(Tag.Name(rawValue: prefix + String(index)))
        switch node {
        case .scalar(let s):
            return .scalar(.init(s.string, t, s.style, s.mark))
        case .sequence(let s):
            return .sequence(.init(s.map { tag($0, file: index) }, t, s.style, s.mark))
        case .mapping(let m):
            return .mapping(.init(m.map { (tag($0.key, file: index), tag($0.value, file: index)) }, t, m.style, m.mark))
        case .alias:
            return node
        }
    }

    /// The chain position of the file a node came from.
    static func file(of node: Node) -> Int {
        let name = node.tag.rawValue
        guard name.hasPrefix(prefix), let i = Int(name.dropFirst(prefix.count)) else { return 0 }
        return i
    }
}

/// Reading a raw tree before it becomes a document (overlays are merged on trees).
extension Node {
    /// A mapping's entries in order.
    var pairs: [(key: Node, value: Node)]? {
        guard case .mapping(let m) = self else { return nil }
        return m.map { ($0.key, $0.value) }
    }

    /// A scalar's text.
    var text: String? {
        guard case .scalar(let s) = self else { return nil }
        return s.string
    }

    /// A mapping's value for `key`.
    func child(_ key: String) -> Node? { pairs?.first { $0.key.text == key }?.value }
}
