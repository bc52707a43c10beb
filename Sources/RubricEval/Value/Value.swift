import RubricCheck
import RubricSyntax

/// A runtime value of the expression language.
public enum Value: Sendable, CustomStringConvertible {
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case bool(Bool)
    case null
    case list([Value])
    case map(MapValue)
    /// A type value, by its CEL name (`int`, `list`, `null_type`...).
    case type(String)

    /// The CEL name of this value's type.
    public var typeName: String {
        switch self {
        case .int: return "int"
        case .uint: return "uint"
        case .double: return "double"
        case .string: return "string"
        case .bytes: return "bytes"
        case .bool: return "bool"
        case .null: return "null_type"
        case .list: return "list"
        case .map: return "map"
        case .type: return "type"
        }
    }

    public var description: String {
        switch self {
        case .int(let i): return String(i)
        case .uint(let u): return "\(u)u"
        case .double(let d): return Value.format(d)
        case .string(let s): return Value.quote(s)
        case .bytes(let b): return "b\"" + b.map { $0 >= 32 && $0 < 127 ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16) }.joined() + "\""
        case .bool(let b): return String(b)
        case .null: return "null"
        case .list(let l): return "[" + l.map(\.description).joined(separator: ", ") + "]"
        case .map(let m): return "{" + m.entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .type(let t): return t
        }
    }

    static func format(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == d.rounded(), abs(d) < 1e15 { return String(format: d) }
        return String(d)
    }

    static func quote(_ s: String) -> String { Quoting.json(s) }

    /// The static type of this value (element types of collections are `dyn`
    /// unless all elements agree).
    public var celType: CELType {
        switch self {
        case .int: return .int
        case .uint: return .uint
        case .double: return .double
        case .string: return .string
        case .bytes: return .bytes
        case .bool: return .bool
        case .null: return .null
        case .type: return .type
        case .list(let l):
            let ts = Set(l.map(\.celType))
            return .list(ts.count == 1 ? ts.first! : .dyn)
        case .map(let m):
            let ks = Set(m.entries.map { $0.key.celType }), vs = Set(m.entries.map { $0.value.celType })
            return .map(ks.count == 1 ? ks.first! : .dyn, vs.count == 1 ? vs.first! : .dyn)
        }
    }

    /// A literal's value.
    public init(_ l: Literal) {
        switch l {
        case .int(let i): self = .int(i)
        case .uint(let u): self = .uint(u)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .bytes(let b): self = .bytes(b)
        case .bool(let b): self = .bool(b)
        case .null: self = .null
        }
    }
}

extension String {
    fileprivate init(format d: Double) {
        // Whole doubles print with one decimal, as CEL does: 3.0
        self = String(Int64(d)) + ".0"
    }
}

/// A map value: entries in insertion order, looked up by normalized key.
public struct MapValue: Sendable {
    public private(set) var entries: [(key: Value, value: Value)] = []
    private var index: [MapKey: Int] = [:]

    public init() {}

    /// Adds an entry; returns false if the key was already present.
    public mutating func insert(_ key: Value, _ value: Value) -> Bool {
        guard let k = MapKey(key) else { return false }
        if index[k] != nil { return false }
        index[k] = entries.count
        entries.append((key, value))
        return true
    }

    public func lookup(_ key: Value) -> Value? {
        guard let k = MapKey(key), let i = index[k] else { return nil }
        return entries[i].value
    }

    public var count: Int { entries.count }
}

/// A map key normalized so that numerically equal int, uint and double keys meet.
enum MapKey: Hashable {
    case int(Int64)
    case uintLarge(UInt64)
    case double(Double)
    case string(String)
    case bool(Bool)

    init?(_ v: Value) {
        switch v {
        case .int(let i): self = .int(i)
        case .uint(let u): self = u <= UInt64(Int64.max) ? .int(Int64(u)) : .uintLarge(u)
        case .double(let d):
            if d == d.rounded(), d >= -9.223372036854775808e18, d < 9.223372036854775808e18 { self = .int(Int64(d)) }
            else if d == d.rounded(), d >= 0, d < 1.8446744073709552e19 { self = .uintLarge(UInt64(d)) }
            else { self = .double(d) }
        case .string(let s): self = .string(s)
        case .bool(let b): self = .bool(b)
        default: return nil
        }
    }
}

/// An evaluation error (CEL errors are values that `&&`, `||` and `?:` may absorb).
public struct EvalError: Error, Sendable, CustomStringConvertible {
    public var message: Message
    public init(_ message: Message) { self.message = message }
    public var description: String { message.english }

    static func noOverload(_ fn: String, _ args: [Value]) -> EvalError {
        EvalError(Message("eval.no-matching-overload-for-2", ["display": "\(Operator.display(fn))", "map": "\(args.map(\.typeName).joined(separator: ", "))"]))
    }
}
