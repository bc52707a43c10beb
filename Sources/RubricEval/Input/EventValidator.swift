import RubricCheck
import RubricSyntax

/// Checks a raw record against one version's event schema and turns it into
/// an `EventRecord`, or says exactly which field is wrong and why.
public struct EventValidator: Sendable {
    let schema: Schema
    let roster: Set<String>?
    /// By type: number fields an expression reads as a double (`CompiledRubric.exactNumbers`).
    let exactNumbers: [Set<Int>]

    public init(schema: Schema, roster: Set<String>?, exactNumbers: [Set<Int>] = []) {
        self.schema = schema
        self.roster = roster
        self.exactNumbers = exactNumbers
    }

    /// A validation failure: the field and the reason.
    public struct Failure: Error, Sendable {
        public var field: String
        public var reason: Message
    }

    /// `typedText`: whether text values are already typed (JSON) or must be
    /// parsed by the field's type (CSV cells).
    public func validate(_ raw: RawRecord, file: Int, typedText: Bool) -> Result<EventRecord, Failure> {
        var slots = [Value?](repeating: nil, count: schema.fields.count)
        var fixedValues = [Fixed?](repeating: nil, count: schema.fields.count)
        // Values by slot, typed; unknown fields are ignored.
        var firstFailure: Failure?
        for (name, value) in raw.fields {
            guard let i = schema.fieldIndex[name] else { continue }
            switch convert(value, field: schema.fields[i], typedText: typedText) {
            case .success(let (v, f)):
                slots[i] = v
                fixedValues[i] = f
            case .failure(let f):
                if firstFailure == nil { firstFailure = f }
            }
        }
        let typeField = schema.fields[schema.typeField].name
        guard case .string(let typeName)? = slots[schema.typeField] else {
            return .failure(firstFailure?.field == typeField ? firstFailure! : Failure(field: typeField, reason: Message("reject.missing-every-event-needs", ["typeField": "\(typeField)"])))
        }
        guard let type = schema.typeIndex[typeName] else {
            let reason = Suggestion.nearest(to: typeName, in: schema.typeIndex.keys).map { Message("reject.unknown-type.near", ["typeName": "\(typeName)", "near": "\($0)"]) }
                ?? Message("reject.unknown-type", ["typeName": "\(typeName)"])
            return .failure(Failure(field: typeField, reason: reason))
        }
        let unitField = schema.fields[schema.unitField].name
        guard case .string(let unit)? = slots[schema.unitField], !unit.isEmpty else {
            return .failure(firstFailure?.field == unitField ? firstFailure! : Failure(field: unitField, reason: Message("reject.missing-every-event-needs-2", ["unitField": "\(unitField)"])))
        }
        let dateField = schema.fields[schema.dateField].name
        guard case .string(let dateText)? = slots[schema.dateField] else {
            return .failure(firstFailure?.field == dateField ? firstFailure! : Failure(field: dateField, reason: Message("reject.missing-every-event-needs-3", ["dateField": "\(dateField)"])))
        }
        let day: Day
        switch DateText.parse(dateText) {
        case .success(let d): day = d
        case .failure(.noSuchDay): return .failure(Failure(field: dateField, reason: Message("reject.no-such-day", ["dateText": "\(dateText)"])))
        case .failure: return .failure(Failure(field: dateField, reason: Message("reject.not-date-yyyy-mm", ["dateText": "\(dateText)"])))
        }
        if let f = firstFailure { return .failure(f) }
        if let roster, !roster.contains(unit) {
            return .failure(Failure(field: unitField, reason: Message("reject.unit-not-on-roster", ["unit": "\(unit)"])))
        }
        let t = schema.types[type]
        for r in t.required where slots[r] == nil {
            return .failure(Failure(field: schema.fields[r].name, reason: Message("reject.missing-required-for", ["field": "\(schema.fields[r].name)", "type": "\(t.name)"])))
        }
        // Ranges, with this type's overrides, and defaults.
        for (i, f) in schema.fields.enumerated() {
            guard let v = fixedValues[i] else {
                if slots[i] == nil, let d = f.defaultValue {
                    slots[i] = f.type == .integer ? .int(d.raw / Fixed.scale) : .double(d.doubleValue)
                    fixedValues[i] = d
                }
                continue
            }
            if let failure = outOfRange(i, v, type: type) { return .failure(failure) }
            if type < exactNumbers.count, exactNumbers[type].contains(i), !v.isExactAsDouble {
                return .failure(Failure(field: f.name, reason: Message("reject.inexact", ["name": "\(f.name)", "value": "\(v)", "tail": .phrase("reject.inexact.tail")])))
            }
        }
        var count: Int64 = 1
        if let c = schema.countField, let v = fixedValues[c] { count = v.raw / Fixed.scale }
        return .success(EventRecord(type: type, unit: unit, day: day, count: count, slots: slots, file: file, line: raw.line))
    }

    /// Why a number is outside field `i`'s range (with event type `type`'s
    /// override when given), or nil: the one range check, for events and
    /// for `rubric expr --event`.
    public func outOfRange(_ i: Int, _ v: Fixed, type: Int?) -> Failure? {
        let f = schema.fields[i]
        let (lo, hi) = type.map { schema.bounds(i, on: $0) } ?? (f.min, f.max)
        guard (lo.map { v < $0 } ?? false) || (hi.map { v > $0 } ?? false) else { return nil }
        let own = type.flatMap { schema.types[$0].ranges[i] != nil ? schema.types[$0].name : nil }
        if f.type == .integer, let lo, hi == nil {
            return Failure(field: f.name, reason: Message("reject.not-integer", ["name": "\(f.name)", "v": "\(v)", "lo": "\(lo)"]))
        }
        let side = lo != nil && hi != nil ? "outside" : lo != nil ? "below" : "above"
        var arguments: [String: Message.Argument] = ["name": "\(f.name)", "value": "\(v)", "lo": "\(lo.map(\.description) ?? "")", "hi": "\(hi.map(\.description) ?? "")"]
        if let own { arguments["type"] = "\(own)" }
        return Failure(field: f.name, reason: Message("reject.range.\(side)" + (own == nil ? "" : ".for-type"), arguments))
    }

    /// The typed value of one field (and its exact decimal for numbers).
    public func convert(_ raw: RawValue, field f: Schema.Field, typedText: Bool) -> Result<(Value?, Fixed?), Failure> {
        func fail(_ r: Message) -> Result<(Value?, Fixed?), Failure> { .failure(Failure(field: f.name, reason: r)) }
        switch raw {
        case .absent: return .success((nil, nil))
        case .nested: return fail(Message("reject.must-single-value-not", ["name": "\(f.name)"]))
        case .bool(let b): return fail(Message("reject.must-found", ["name": "\(f.name)", "describe": describe(f), "b": "\(b)"]))
        case .text(let s):
            if !typedText && s.isEmpty { return .success((nil, nil)) }
            switch f.type {
            case .string, .date: return .success((.string(s), nil))
            case .enum:
                guard f.values.contains(s) else { return fail(Message("reject.not-one", ["name": "\(f.name)", "s": "\(s)", "values": .list(f.values.map { .text($0) })])) }
                return .success((.string(s), nil))
            case .number, .integer:
                if typedText { return fail(Message("reject.must-found-text", ["name": "\(f.name)", "describe": describe(f), "s": "\(s)"])) }
                return number(s.trimmingSpaces, f)
            }
        case .number(let text):
            switch f.type {
            case .number, .integer: return number(text, f)
            default: return fail(Message("reject.must-text-found-number", ["name": "\(f.name)", "value": "\(text)"]))
            }
        }
    }

    func number(_ text: String, _ f: Schema.Field) -> Result<(Value?, Fixed?), Failure> {
        func fail(_ r: Message) -> Result<(Value?, Fixed?), Failure> { .failure(Failure(field: f.name, reason: r)) }
        guard let fixed = Fixed(parsing: text) else {
            if Double(text) != nil { return fail(Message("reject.too-large-has-more", ["name": "\(f.name)", "value": "\(text)", "digits": "\(Fixed.digits)"])) }
            return fail(Message("reject.not-number", ["name": "\(f.name)", "value": "\(text)"]))
        }
        if f.type == .integer {
            guard fixed.raw % Fixed.scale == 0 else {
                return fail(f.min.map { Message("reject.not-integer", ["name": "\(f.name)", "v": "\(text)", "lo": "\($0)"]) }
                    ?? Message("reject.not-whole", ["name": "\(f.name)", "value": "\(text)"]))
            }
            return .success((.int(fixed.raw / Fixed.scale), fixed))
        }
        return .success((.double(fixed.doubleValue), fixed))
    }

    /// What a field holds, for "must be ...".
    func describe(_ f: Schema.Field) -> Message.Argument {
        switch f.type {
        case .number: .phrase("value.number")
        case .integer: .phrase("value.integer")
        case .date: .phrase("value.date")
        case .enum: .phrase("value.enum", ["values": .list(f.values.map { .text($0) })])
        case .string: .phrase("value.text")
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
