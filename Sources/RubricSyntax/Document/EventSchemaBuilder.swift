import Yams

/// Reads the `events:` section: fields, their types and ranges, and types.
struct EventSchemaBuilder {
    let r: YAMLReader

    func build(_ node: Node?, _ parent: Node) -> EventSchemaDecl {
        let m = r.mapping(node, "`events`")
        if let m {
            r.checkKeys(m, RubricKeys.events, what: "`events`")
        }
        let here = Located("", r.span(node ?? parent))
        var fields: [FieldDecl] = []
        if let fm = r.mapping(m?.value("fields"), "`fields`") {
            for e in fm.entries { if let f = buildField(e.key, e.keyNode, e.value) { fields.append(f) } }
        }
        var types: [EventTypeDecl] = []
        if let tm = r.mapping(m?.value("types"), "`types`") {
            for e in tm.entries { types.append(buildType(e.key, e.keyNode, e.value)) }
        }
        return EventSchemaDecl(dateField: r.string(m?.value("date"), "`date`") ?? here,
                               unitField: r.string(m?.value("unit"), "`unit`") ?? here,
                               typeField: r.string(m?.value("type"), "`type`") ?? here,
                               countField: r.string(m?.value("count"), "`count`"),
                               idField: r.string(m?.value("id"), "`id`"),
                               fields: fields, types: types, span: r.span(node ?? parent))
    }

    func buildField(_ name: String, _ keyNode: Node, _ node: Node) -> FieldDecl? {
        let what: Message.Argument = .phrase("what.field", ["name": "\(name)"])
        // `note: string` is shorthand for `note: {type: string}`.
        if case .scalar = node {
            guard let t = r.choice(node, .phrase("what.type-of", ["what": what]), FieldType.self) else { return nil }
            return FieldDecl(name: Located(name, r.span(keyNode)), type: t, title: nil, min: nil, max: nil, values: [], defaultValue: nil)
        }
        guard let m = r.mapping(node, what) else { return nil }
        r.checkKeys(m, RubricKeys.field, what: what)
        guard let t = r.choice(m.value("type"), "`type`", FieldType.self) else { return nil }
        let values = r.sequence(m.value("values"), "`values`").compactMap { r.string($0, .phrase("what.enum-value")) }
        if t.value == .enum && values.isEmpty {
            r.error(.missingKey, Message("missing-key.enum-needs-values", ["what": what]), node, help: Message("missing-key.enum-needs-values.help"))
        }
        if t.value != .enum, let v = m.value("values") {
            r.error(.badValue, Message("bad-value.values-belongs-enum-fields", ["what": what, "t": "\(t.value.rawValue)"]), v,
                    help: Message("bad-value.values-belongs-enum-fields.help"))
        }
        for key in ["min", "max", "default"] where t.value != .number && t.value != .integer {
            if let v = m.value(key) {
                r.error(.badValue, Message("bad-value.belongs-number-integer-fields", ["key": "\(key)", "what": what, "t": "\(t.value.rawValue)"]), v)
            }
        }
        return FieldDecl(name: Located(name, r.span(keyNode)), type: t, title: r.string(m.value("title"), "`title`")?.value,
                         min: r.fixed(m.value("min"), "`min`"), max: r.fixed(m.value("max"), "`max`"),
                         values: values, defaultValue: r.fixed(m.value("default"), "`default`"))
    }

    func buildType(_ name: String, _ keyNode: Node, _ node: Node) -> EventTypeDecl {
        let located = Located(name, r.span(keyNode))
        if case .scalar(let s) = node, s.string.isEmpty {
            return EventTypeDecl(name: located, title: nil, require: [], ranges: [])
        }
        guard let m = r.mapping(node, "event type `\(name)`") else {
            return EventTypeDecl(name: located, title: nil, require: [], ranges: [])
        }
        r.checkKeys(m, RubricKeys.eventType, what: "event type `\(name)`")
        var ranges: [RangeDecl] = []
        if let rm = r.mapping(m.value("ranges"), "`ranges`") {
            for e in rm.entries {
                guard let bm = r.mapping(e.value, "the range of `\(e.key)`") else { continue }
                r.checkKeys(bm, RubricKeys.bounds, what: "the range of `\(e.key)`")
                ranges.append(RangeDecl(field: Located(e.key, r.span(e.keyNode)),
                                        min: r.fixed(bm.value("min"), "`min`"), max: r.fixed(bm.value("max"), "`max`")))
            }
        }
        return EventTypeDecl(name: located, title: r.string(m.value("title"), "`title`")?.value,
                             require: r.names(m.value("require"), "`require`"), ranges: ranges)
    }
}
