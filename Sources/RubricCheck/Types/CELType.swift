/// The static type of an expression, as the checker infers it.
public indirect enum CELType: Hashable, Sendable, CustomStringConvertible {
    case int, uint, double, bool, string, bytes, null
    case list(CELType)
    case map(CELType, CELType)
    /// A type value (`int`, `string`... used as values).
    case type
    /// The current event: `event.field` and `has(event.field)`.
    case event
    /// Unknown until evaluation.
    case dyn

    public var description: String {
        switch self {
        case .int: return "int"
        case .uint: return "uint"
        case .double: return "double"
        case .bool: return "bool"
        case .string: return "string"
        case .bytes: return "bytes"
        case .null: return "null"
        case .list(let e): return "list(\(e))"
        case .map(let k, let v): return "map(\(k), \(v))"
        case .type: return "type"
        case .event: return "event"
        case .dyn: return "dyn"
        }
    }

    public var isNumeric: Bool { self == .int || self == .uint || self == .double }
    public var isDyn: Bool { self == .dyn }

    /// Whether a value of type `self` can be used where `other` is expected.
    public func isAssignable(to other: CELType) -> Bool {
        if self == other || self == .dyn || other == .dyn { return true }
        switch (self, other) {
        case (.list(let a), .list(let b)): return a.isAssignable(to: b)
        case (.map(let k1, let v1), .map(let k2, let v2)): return k1.isAssignable(to: k2) && v1.isAssignable(to: v2)
        default: return false
        }
    }

    /// The common type of two branches or elements (dyn when they differ).
    public static func join(_ a: CELType, _ b: CELType) -> CELType {
        if a == b { return a }
        switch (a, b) {
        case (.list(let x), .list(let y)): return .list(join(x, y))
        case (.map(let k1, let v1), .map(let k2, let v2)): return .map(join(k1, k2), join(v1, v2))
        default: return .dyn
        }
    }
}
