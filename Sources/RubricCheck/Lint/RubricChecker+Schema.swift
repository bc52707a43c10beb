import RubricSyntax

extension RubricChecker {
    /// Resolves the `events:` section into a `Schema`.
    mutating func checkSchema() -> Schema? {
        let ev = doc.events
        var fields: [Schema.Field] = []
        var fieldIndex: [String: Int] = [:]
        for f in ev.fields {
            fieldIndex[f.name.value] = fields.count
            var seen = Set<String>()
            for v in f.values where !seen.insert(v.value).inserted {
                diags.error(.duplicateId, Message("duplicate-id.enum-value-listed-twice", ["v": "\(v.value)", "name": "\(f.name.value)"]), at: v.span)
            }
            if let lo = f.min, let hi = f.max, lo.value > hi.value {
                diags.error(.badValue, Message("bad-value.field-has-min-above", ["name": "\(f.name.value)", "lo": "\(lo.value)", "hi": "\(hi.value)"]), at: lo.span)
            }
            if let d = f.defaultValue {
                if f.type.value == .integer && d.value.raw % Fixed.scale != 0 {
                    diags.error(.badValue, Message("bad-value.default-integer-field-must", ["name": "\(f.name.value)"]), at: d.span)
                }
                if let lo = f.min, d.value < lo.value { diags.error(.badValue, Message("bad-value.default-below-min", ["d": "\(d.value)", "lo": "\(lo.value)"]), at: d.span) }
                if let hi = f.max, d.value > hi.value { diags.error(.badValue, Message("bad-value.default-above-max", ["d": "\(d.value)", "hi": "\(hi.value)"]), at: d.span) }
            }
            fields.append(.init(name: f.name.value, type: f.type.value, title: f.title, min: f.min?.value, max: f.max?.value,
                                values: f.values.map(\.value), defaultValue: f.defaultValue?.value))
        }
        func key(_ l: Located<String>?, _ role: String, _ allowed: [FieldType]) -> Int? {
            guard let l, !l.value.isEmpty else { return nil }
            guard let i = fieldIndex[l.value] else {
                diags.error(.unknownField, Message("unknown-field.field-not-declared-fields", ["role": "\(role)", "l": "\(l.value)"]), at: l.span,
                            help: Suggestion.help(for: l.value, in: fieldIndex.keys))
                return nil
            }
            if !allowed.contains(fields[i].type) {
                diags.error(.typeMismatch, Message("type-mismatch.field-must-type-not", ["role": "\(role)", "l": "\(l.value)", "allowed": .code(allowed.map(\.rawValue)), "type": "\(fields[i].type.rawValue)"]), at: l.span)
            }
            return i
        }
        let date = key(ev.dateField, "date", [.date])
        let unit = key(ev.unitField, "unit", [.string, .enum])
        let type = key(ev.typeField, "type", [.string])
        let count = key(ev.countField, "count", [.integer])
        let id = key(ev.idField, "id", [.string])
        if let count, fields[count].min == nil || fields[count].min! < Fixed(raw: Fixed.scale) {
            diags.error(.badValue, Message("bad-value.count-field-needs-min", ["p": "\(fields[count].name)"]),
                        at: ev.countField!.span)
        }

        var types: [Schema.EventType] = []
        var typeIndex: [String: Int] = [:]
        for t in ev.types {
            var required: [Int] = []
            for r in t.require {
                guard let i = fieldIndex[r.value] else {
                    diags.error(.unknownField, Message("unknown-field.type-requires-which-not", ["name": "\(t.name.value)", "r": "\(r.value)"]), at: r.span,
                                help: Suggestion.help(for: r.value, in: fieldIndex.keys))
                    continue
                }
                required.append(i)
            }
            var ranges: [Int: (min: Fixed?, max: Fixed?)] = [:]
            for rg in t.ranges {
                guard let i = fieldIndex[rg.field.value] else {
                    diags.error(.unknownField, Message("unknown-field.range-names-which-not", ["field": "\(rg.field.value)"]), at: rg.field.span,
                                help: Suggestion.help(for: rg.field.value, in: fieldIndex.keys))
                    continue
                }
                if fields[i].type != .number && fields[i].type != .integer {
                    diags.error(.typeMismatch, Message("type-mismatch.range-needs-number-integer", ["field": "\(rg.field.value)", "p": "\(fields[i].type.rawValue)"]), at: rg.field.span)
                }
                if let lo = rg.min, let hi = rg.max, lo.value > hi.value {
                    diags.error(.badValue, Message("bad-value.range-has-min-above", ["field": "\(rg.field.value)", "lo": "\(lo.value)", "hi": "\(hi.value)"]), at: lo.span)
                }
                ranges[i] = (rg.min?.value, rg.max?.value)
            }
            typeIndex[t.name.value] = types.count
            types.append(.init(name: t.name.value, title: t.title, required: required, ranges: ranges))
        }
        if ev.types.isEmpty {
            diags.error(.missingKey, Message("missing-key.events-types-declares-no"), at: ev.span, help: Message("missing-key.events-types-declares-no.help"))
        }
        guard let date, let unit, let type else { return nil }
        return Schema(fields: fields, fieldIndex: fieldIndex, types: types, typeIndex: typeIndex,
                      dateField: date, unitField: unit, typeField: type, countField: count, idField: id)
    }
}
