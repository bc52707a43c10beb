import RubricSyntax

/// The resolved event schema: fields and types by index, ready for fast
/// validation and slot-based field access.
public struct Schema: Sendable {
    /// One event field.
    public struct Field: Sendable {
        public var name: String
        public var type: FieldType
        public var title: String?
        public var min: Fixed?
        public var max: Fixed?
        public var values: [String]
        public var defaultValue: Fixed?

        /// The field's type inside expressions.
        public var celType: CELType {
            switch type {
            case .string, .date, .enum: return .string
            case .integer: return .int
            case .number: return .double
            }
        }
    }

    /// One event type, with the fields it requires and its own ranges.
    public struct EventType: Sendable {
        public var name: String
        public var title: String?
        public var required: [Int]
        /// Per-type bounds of number fields, by field index.
        public var ranges: [Int: (min: Fixed?, max: Fixed?)]
    }

    public var fields: [Field]
    public var fieldIndex: [String: Int]
    public var types: [EventType]
    public var typeIndex: [String: Int]
    public var dateField: Int
    public var unitField: Int
    public var typeField: Int
    public var countField: Int?
    public var idField: Int?

    /// The names of the date, unit and type fields: every event needs them,
    /// so a CSV events file must have these columns.
    public var everyEventColumns: [String] { [dateField, unitField, typeField].map { fields[$0].name } }

    /// Whether `field` is present on every event of `type` (required or defaulted).
    public func alwaysPresent(_ field: Int, on type: Int) -> Bool {
        field == dateField || field == unitField || field == typeField || fields[field].defaultValue != nil
            || types[type].required.contains(field)
    }

    /// The bounds of a number field on events of `type`.
    public func bounds(_ field: Int, on type: Int) -> (min: Fixed?, max: Fixed?) {
        if let r = types[type].ranges[field] { return (r.min ?? fields[field].min, r.max ?? fields[field].max) }
        return (fields[field].min, fields[field].max)
    }

    /// The environment in which rule expressions are checked.
    public var checkEnvironment: CheckEnvironment {
        var vars: [String: CELType] = [:]
        var enums: [String: [String]] = [:]
        for f in fields {
            vars[f.name] = f.celType
            if f.type == .enum { enums[f.name] = f.values }
        }
        return CheckEnvironment(variables: vars, enumValues: enums, hasEvent: true, nameNoun: .phrase("noun.field"))
    }
}
