import Yams

/// Applies an overlay's tree to its base's (both already marked with their
/// files, `NodeOrigin`). An overlay is written in the shape of a rules file
/// and states only what changes:
///
/// - a mapping merges key by key (`periods`, `events`, its `fields` and
///   `types`, `rubric`), a value given replaces the base's;
/// - `categories` merge by `id`, their `items` by `number`, `grades` by
///   `name`: a new one is appended, an existing one merges key by key;
/// - a rule (in an item, or in `adjustments`) is replaced whole by `id`,
///   where the overlay places it (given under another item, it moves there);
/// - `remove: [id, ...]` drops rules, adjustments, categories, items (by
///   number) and grades (by name) of the base;
/// - any other value (a list such as `on` or `values`, a scalar) is replaced.
///
/// The merged tree keeps each node's origin, so the document built from it
/// reports every problem in the file that holds it.
struct OverlayMerger {
    let r: YAMLReader
    /// The base as messages name it (`version 2024.1 (rules/x.yaml)`).
    let baseName: Message.Argument

    typealias Pair = (key: Node, value: Node)

    func merge(base: Node, overlay: Node) -> Node {
        guard let top = overlay.pairs, base.pairs != nil else { return overlay }
        checkMeta(base, overlay)
        let removed = Set(removals(top, base))
        let moved = movedRules(overlay, base)
        let baseTree = removed.isEmpty && moved.isEmpty ? base : removing(removed, rules: removed.union(moved), from: base)
        var merged = baseTree.pairs ?? []
        for (k, v) in top {
            guard let name = k.text, name != "extends", name != "remove" else { continue }
            put(&merged, k, v) { old in
                switch name {
                case "categories": return list(old, v, by: "id", element: category)
                case "grades": return list(old, v, by: "name", element: deep)
                case "adjustments": return list(old, v, by: "id", element: { _, new in new })
                default: return deep(old, v)
                }
            }
        }
        return mapping(merged, like: baseTree)
    }

    // MARK: the kinds of merge

    /// Key by key, recursively; anything that is not two mappings is replaced.
    func deep(_ old: Node, _ new: Node) -> Node {
        guard var merged = old.pairs, let given = new.pairs else { return new }
        for (k, v) in given { put(&merged, k, v) { deep($0, v) } }
        return mapping(merged, like: old)
    }

    func category(_ old: Node, _ new: Node) -> Node {
        keyed(old, new) { key, o, n in key == "items" ? list(o, n, by: "number", element: item) : deep(o, n) }
    }

    func item(_ old: Node, _ new: Node) -> Node {
        keyed(old, new) { key, o, n in key == "rules" ? list(o, n, by: "id", element: { _, replacement in replacement }) : deep(o, n) }
    }

    /// A mapping merged key by key, each key's values by `child`.
    func keyed(_ old: Node, _ new: Node, _ child: (String, Node, Node) -> Node) -> Node {
        guard var merged = old.pairs, let given = new.pairs else { return new }
        for (k, v) in given { put(&merged, k, v) { child(k.text ?? "", $0, v) } }
        return mapping(merged, like: old)
    }

    /// A list of mappings merged by the value of `key`: an entry the base
    /// has is merged by `element`, a new one appended.
    func list(_ old: Node, _ new: Node, by key: String, element: (Node, Node) -> Node) -> Node {
        guard case .sequence(let base) = old, case .sequence(let given) = new else { return new }
        var out = Array(base)
        var givenHere = Set<String>()
        for entry in given {
            // An id the overlay gives twice is kept twice, so the checker reports it (`duplicate-id`) where it stands.
            if let id = value(entry, key), givenHere.insert(id).inserted, let i = out.firstIndex(where: { value($0, key) == id }) {
                out[i] = element(out[i], entry)
            } else {
                out.append(entry)
            }
        }
        return .sequence(.init(out, base.tag, base.style, base.mark))
    }

    /// Sets `key` in `pairs`: merged with the base's value by `merge` when
    /// the base has one (keeping the base's key), else appended.
    func put(_ pairs: inout [Pair], _ key: Node, _ value: Node, _ merge: (Node) -> Node) {
        if let i = pairs.firstIndex(where: { $0.key.text == key.text }) {
            // The same text given again (an `id` that says which entry) stays the base's.
            if let old = pairs[i].value.text, old == value.text { return }
            pairs[i].value = merge(pairs[i].value)
        } else {
            pairs.append((key, value))
        }
    }

    // MARK: what an overlay must say

    /// An overlay is a version of its own (`version`, `effective`) of the same rubric.
    func checkMeta(_ base: Node, _ overlay: Node) {
        let meta = overlay.child("rubric")
        for key in ["version", "effective"] where meta?.child(key) == nil {
            r.error(.missingKey, Message("missing-key.overlay-needs-own-rubric", ["key": "\(key)", "baseName": baseName]),
                    meta ?? overlay, help: Message("missing-key.overlay-needs-own-rubric.help"))
        }
        if let id = meta?.child("id"), let mine = id.text,
           let theirs = base.child("rubric")?.child("id")?.text, mine != theirs {
            r.error(.badValue, Message("bad-value.overlay-extends-same-rubric", ["mine": "\(mine)", "theirs": "\(theirs)", "baseName": baseName]), id,
                    help: Message("bad-value.overlay-extends-same-rubric.help", ["mine": "\(mine)"]))
        }
    }

    // MARK: removals and moves

    /// The ids in `remove:`, each checked to name something of the base.
    func removals(_ top: [Pair], _ base: Node) -> [String] {
        guard let node = top.first(where: { $0.key.text == "remove" })?.value else { return [] }
        let entries: [Node]
        switch node {
        case .sequence(let s): entries = Array(s)
        case .scalar: entries = [node]
        default:
            r.error(.wrongKind, Message("wrong-kind.remove-must-list-ids"), node)
            return []
        }
        let known = removable(base)
        let given = Set(overlayRules(top.first(where: { $0.key.text == "categories" })?.value,
                                     top.first(where: { $0.key.text == "adjustments" })?.value).map(\.id))
        var out: [String] = []
        for e in entries {
            guard let id = e.text, !id.isEmpty else {
                r.error(.wrongKind, Message("wrong-kind.each-entry-remove-id", ["describe": r.describe(e)]), e)
                continue
            }
            if !known.contains(id) {
                r.error(.unknownId, Message("unknown-id.no-rule-adjustment-category", ["id": "\(id)", "baseName": baseName]), e,
                        help: Suggestion.help(for: id, in: known.sorted()))
            } else if given.contains(id) {
                r.error(.conflictingKeys, Message("conflicting-keys.both-removed-given-this", ["id": "\(id)"]), e,
                        help: Message("conflicting-keys.both-removed-given-this.help"))
            } else {
                out.append(id)
            }
        }
        return out
    }

    /// Rule ids the overlay gives in another place than the base has them.
    func movedRules(_ overlay: Node, _ base: Node) -> Set<String> {
        let theirs = Dictionary(overlayRules(base.child("categories"), base.child("adjustments")).map { ($0.id, $0.place) },
                                uniquingKeysWith: { a, _ in a })
        return Set(overlayRules(overlay.child("categories"), overlay.child("adjustments"))
            .filter { theirs[$0.id] != nil && theirs[$0.id] != $0.place }.map(\.id))
    }

    /// Every rule's id with its place (`item 20`, or `adjustments`).
    func overlayRules(_ categories: Node?, _ adjustments: Node?) -> [(id: String, place: String)] {
        var out: [(String, String)] = []
        for c in entries(categories) {
            for i in entries(c.child("items")) {
                for rule in entries(i.child("rules")) { if let id = value(rule, "id") { out.append((id, "item " + (value(i, "number") ?? ""))) } }
            }
        }
        for rule in entries(adjustments) { if let id = value(rule, "id") { out.append((id, "adjustments")) } }
        return out
    }

    /// What `remove` can name in a tree.
    func removable(_ root: Node) -> Set<String> {
        var out = Set(overlayRules(root.child("categories"), root.child("adjustments")).map(\.id))
        for c in entries(root.child("categories")) {
            if let id = value(c, "id") { out.insert(id) }
            for i in entries(c.child("items")) { if let n = value(i, "number") { out.insert(n) } }
        }
        for g in entries(root.child("grades")) { if let n = value(g, "name") { out.insert(n) } }
        return out
    }

    /// The tree without the categories, items and grades named in `ids`
    /// and the rules and adjustments named in `rules`.
    func removing(_ ids: Set<String>, rules: Set<String>, from root: Node) -> Node {
        func filtered(_ node: Node, _ key: String, _ ids: Set<String> = ids, _ inner: (Node) -> Node = { $0 }) -> Node {
            guard case .sequence(let s) = node else { return node }
            return .sequence(.init(s.filter { value($0, key).map { !ids.contains($0) } ?? true }.map(inner), s.tag, s.style, s.mark))
        }
        func within(_ node: Node, _ key: String, _ change: (Node) -> Node) -> Node {
            guard var p = node.pairs, let i = p.firstIndex(where: { $0.key.text == key }) else { return node }
            p[i].value = change(p[i].value)
            return mapping(p, like: node)
        }
        let item = { (i: Node) in within(i, "rules") { filtered($0, "id", rules) } }
        let category = { (c: Node) in within(c, "items") { filtered($0, "number", ids, item) } }
        var tree = within(root, "categories") { filtered($0, "id", ids, category) }
        tree = within(tree, "adjustments") { filtered($0, "id", rules) }
        return within(tree, "grades") { filtered($0, "name") }
    }

    // MARK: nodes

    func mapping(_ pairs: [Pair], like node: Node) -> Node {
        guard case .mapping(let m) = node else { return node }
        return .mapping(.init(pairs.map { ($0.key, $0.value) }, m.tag, m.style, m.mark))
    }

    func value(_ node: Node, _ key: String) -> String? { node.child(key)?.text }

    func entries(_ node: Node?) -> [Node] {
        guard let node, case .sequence(let s) = node else { return [] }
        return Array(s)
    }
}
