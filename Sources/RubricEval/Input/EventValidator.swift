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
        public var reason: String
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
            return .failure(firstFailure?.field == typeField ? firstFailure! : Failure(field: typeField, reason: "\(typeField) missing (every event needs one)"))
        }
        guard let type = schema.typeIndex[typeName] else {
            let hint = Suggestion.nearest(to: typeName, in: schema.typeIndex.keys).map { " (did you mean \($0)?)" } ?? ""
            return .failure(Failure(field: typeField, reason: "unknown type \(typeName)\(hint)"))
        }
        let unitField = schema.fields[schema.unitField].name
        guard case .string(let unit)? = slots[schema.unitField], !unit.isEmpty else {
            return .failure(firstFailure?.field == unitField ? firstFailure! : Failure(field: unitField, reason: "\(unitField) missing (every event needs one)"))
        }
        let dateField = schema.fields[schema.dateField].name
        guard case .string(let dateText)? = slots[schema.dateField] else {
            return .failure(firstFailure?.field == dateField ? firstFailure! : Failure(field: dateField, reason: "\(dateField) missing (every event needs one)"))
        }
        let day: Day
        switch DateText.parse(dateText) {
        case .success(let d): day = d
        case .failure(.noSuchDay): return .failure(Failure(field: dateField, reason: "no such day \(dateText)"))
        case .failure: return .failure(Failure(field: dateField, reason: "\(dateText) is not a date YYYY-MM-DD"))
        }
        if let f = firstFailure { return .failure(f) }
        if let roster, !roster.contains(unit) {
            return .failure(Failure(field: unitField, reason: "unit not on the roster: \(unit)"))
        }
        let t = schema.types[type]
        for r in t.required where slots[r] == nil {
            return .failure(Failure(field: schema.fields[r].name, reason: "\(schema.fields[r].name) missing (required for \(t.name))"))
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
                return .failure(Failure(field: f.name, reason: "\(f.name) \(v) " + CheckedRubric.inexactReason))
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
        let own = type.map { schema.types[$0].ranges[i] != nil ? " for \(schema.types[$0].name)" : "" } ?? ""
        if f.type == .integer, let lo, hi == nil {
            return Failure(field: f.name, reason: "\(f.name) \(v) is not an integer >= \(lo)")
        }
        let range = [lo.map { "\($0)" }, hi.map { "\($0)" }]
        let text = range[0] != nil && range[1] != nil ? "outside \(range[0]!) to \(range[1]!)" : (range[0] != nil ? "below \(range[0]!)" : "above \(range[1]!)")
        return Failure(field: f.name, reason: "\(f.name) \(v) \(text)\(own)")
    }

    /// The typed value of one field (and its exact decimal for numbers).
    public func convert(_ raw: RawValue, field f: Schema.Field, typedText: Bool) -> Result<(Value?, Fixed?), Failure> {
        func fail(_ r: String) -> Result<(Value?, Fixed?), Failure> { .failure(Failure(field: f.name, reason: r)) }
        switch raw {
        case .absent: return .success((nil, nil))
        case .nested: return fail("\(f.name) must be a single value, not an object or list")
        case .bool(let b): return fail("\(f.name) must be \(describe(f)), found \(b)")
        case .text(let s):
            if !typedText && s.isEmpty { return .success((nil, nil)) }
            switch f.type {
            case .string, .date: return .success((.string(s), nil))
            case .enum:
                guard f.values.contains(s) else { return fail("\(f.name) \(s) not one of \(f.values.joined(separator: ", "))") }
                return .success((.string(s), nil))
            case .number, .integer:
                if typedText { return fail("\(f.name) must be \(describe(f)), found the text \"\(s)\"") }
                return number(s.trimmingSpaces, f)
            }
        case .number(let text):
            switch f.type {
            case .number, .integer: return number(text, f)
            default: return fail("\(f.name) must be text, found the number \(text)")
            }
        }
    }

    func number(_ text: String, _ f: Schema.Field) -> Result<(Value?, Fixed?), Failure> {
        func fail(_ r: String) -> Result<(Value?, Fixed?), Failure> { .failure(Failure(field: f.name, reason: r)) }
        guard let fixed = Fixed(parsing: text) else {
            if Double(text) != nil { return fail("\(f.name) \(text) is too large or has more than \(Fixed.digits) decimals") }
            return fail("\(f.name) \"\(text)\" is not a number")
        }
        if f.type == .integer {
            guard fixed.raw % Fixed.scale == 0 else {
                return fail("\(f.name) \(text) is not \(f.min.map { "an integer >= \($0)" } ?? "a whole number")")
            }
            return .success((.int(fixed.raw / Fixed.scale), fixed))
        }
        return .success((.double(fixed.doubleValue), fixed))
    }

    func describe(_ f: Schema.Field) -> String {
        switch f.type {
        case .number: return "a number"
        case .integer: return "a whole number"
        case .date: return "a date YYYY-MM-DD"
        case .enum: return "one of \(f.values.joined(separator: ", "))"
        case .string: return "text"
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
