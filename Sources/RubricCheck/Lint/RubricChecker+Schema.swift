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
                diags.error(.duplicateId, "enum value `\(v.value)` is listed twice in field `\(f.name.value)`", at: v.span)
            }
            if let lo = f.min, let hi = f.max, lo.value > hi.value {
                diags.error(.badValue, "field `\(f.name.value)` has `min` \(lo.value) above `max` \(hi.value)", at: lo.span)
            }
            if let d = f.defaultValue {
                if f.type.value == .integer && d.value.raw % Fixed.scale != 0 {
                    diags.error(.badValue, "the default of integer field `\(f.name.value)` must be a whole number", at: d.span)
                }
                if let lo = f.min, d.value < lo.value { diags.error(.badValue, "the default \(d.value) is below `min` \(lo.value)", at: d.span) }
                if let hi = f.max, d.value > hi.value { diags.error(.badValue, "the default \(d.value) is above `max` \(hi.value)", at: d.span) }
            }
            fields.append(.init(name: f.name.value, type: f.type.value, title: f.title, min: f.min?.value, max: f.max?.value,
                                values: f.values.map(\.value), defaultValue: f.defaultValue?.value))
        }
        func key(_ l: Located<String>?, _ role: String, _ allowed: [FieldType]) -> Int? {
            guard let l, !l.value.isEmpty else { return nil }
            guard let i = fieldIndex[l.value] else {
                diags.error(.unknownField, "the \(role) field `\(l.value)` is not declared in `fields`", at: l.span,
                            help: Suggestion.help(for: l.value, in: fieldIndex.keys))
                return nil
            }
            if !allowed.contains(fields[i].type) {
                diags.error(.typeMismatch, "the \(role) field `\(l.value)` must be of type \(allowed.map(\.rawValue).joined(separator: " or ")), not \(fields[i].type.rawValue)", at: l.span)
            }
            return i
        }
        let date = key(ev.dateField, "date", [.date])
        let unit = key(ev.unitField, "unit", [.string, .enum])
        let type = key(ev.typeField, "type", [.string])
        let count = key(ev.countField, "count", [.integer])
        let id = key(ev.idField, "id", [.string])
        if let count, fields[count].min == nil || fields[count].min! < Fixed(raw: Fixed.scale) {
            diags.error(.badValue, "the count field `\(fields[count].name)` needs `min: 1` (an event stands for at least one occurrence)",
                        at: ev.countField!.span)
        }

        var types: [Schema.EventType] = []
        var typeIndex: [String: Int] = [:]
        for t in ev.types {
            var required: [Int] = []
            for r in t.require {
                guard let i = fieldIndex[r.value] else {
                    diags.error(.unknownField, "type `\(t.name.value)` requires `\(r.value)`, which is not a declared field", at: r.span,
                                help: Suggestion.help(for: r.value, in: fieldIndex.keys))
                    continue
                }
                required.append(i)
            }
            var ranges: [Int: (min: Fixed?, max: Fixed?)] = [:]
            for rg in t.ranges {
                guard let i = fieldIndex[rg.field.value] else {
                    diags.error(.unknownField, "a range names `\(rg.field.value)`, which is not a declared field", at: rg.field.span,
                                help: Suggestion.help(for: rg.field.value, in: fieldIndex.keys))
                    continue
                }
                if fields[i].type != .number && fields[i].type != .integer {
                    diags.error(.typeMismatch, "a range needs a number or integer field; `\(rg.field.value)` is \(fields[i].type.rawValue)", at: rg.field.span)
                }
                if let lo = rg.min, let hi = rg.max, lo.value > hi.value {
                    diags.error(.badValue, "the range of `\(rg.field.value)` has `min` \(lo.value) above `max` \(hi.value)", at: lo.span)
                }
                ranges[i] = (rg.min?.value, rg.max?.value)
            }
            typeIndex[t.name.value] = types.count
            types.append(.init(name: t.name.value, title: t.title, required: required, ranges: ranges))
        }
        if ev.types.isEmpty {
            diags.error(.missingKey, "`events.types` declares no event types", at: ev.span, help: "list the types of finding the rubric scores")
        }
        guard let date, let unit, let type else { return nil }
        return Schema(fields: fields, fieldIndex: fieldIndex, types: types, typeIndex: typeIndex,
                      dateField: date, unitField: unit, typeField: type, countField: count, idField: id)
    }
}
