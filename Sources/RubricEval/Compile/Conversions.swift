import RubricSyntax
/// `int()`, `uint()`, `double()`, `string()`, `bool()`, `bytes()`.
enum Conversions {
    static func rangeError() -> EvalError { EvalError(Message("eval.range-error-value-out")) }

    static func toInt(_ v: [Value]) throws(EvalError) -> Value {
        switch v[0] {
        case .int: return v[0]
        case .uint(let u):
            guard u <= UInt64(Int64.max) else { throw rangeError() }
            return .int(Int64(u))
        case .double(let d):
            guard d.isFinite, d > -9.223372036854775808e18, d < 9.223372036854775807e18 else { throw rangeError() }
            return .int(Int64(d.rounded(.towardZero)))
        case .string(let s):
            guard let i = Int64(s) else { throw EvalError(Message("eval.type-conversion-error-not", ["s": "\(s)"])) }
            return .int(i)
        default: throw EvalError.noOverload("int", v)
        }
    }

    static func toUInt(_ v: [Value]) throws(EvalError) -> Value {
        switch v[0] {
        case .uint: return v[0]
        case .int(let i):
            guard i >= 0 else { throw rangeError() }
            return .uint(UInt64(i))
        case .double(let d):
            guard d.isFinite, d > -1, d < 1.8446744073709552e19 else { throw rangeError() }
            return .uint(UInt64(d.rounded(.towardZero)))
        case .string(let s):
            guard let u = UInt64(s) else { throw EvalError(Message("eval.type-conversion-error-not-2", ["s": "\(s)"])) }
            return .uint(u)
        default: throw EvalError.noOverload("uint", v)
        }
    }

    static func toDouble(_ v: [Value]) throws(EvalError) -> Value {
        switch v[0] {
        case .double: return v[0]
        case .int(let i): return .double(Double(i))
        case .uint(let u): return .double(Double(u))
        case .string(let s):
            let t = s.lowercased()
            if ["nan"].contains(t) { return .double(.nan) }
            if ["inf", "+inf", "infinity", "+infinity"].contains(t) { return .double(.infinity) }
            if ["-inf", "-infinity"].contains(t) { return .double(-.infinity) }
            guard let d = Double(s), !s.isEmpty, s.allSatisfy({ $0.isASCII }) else { throw EvalError(Message("eval.type-conversion-error-not-3", ["s": "\(s)"])) }
            return .double(d)
        default: throw EvalError.noOverload("double", v)
        }
    }

    static func toString(_ v: [Value]) throws(EvalError) -> Value {
        switch v[0] {
        case .string: return v[0]
        case .int(let i): return .string(String(i))
        case .uint(let u): return .string(String(u))
        case .double(let d): return .string(formatDouble(d))
        case .bool(let b): return .string(b ? "true" : "false")
        case .bytes(let b):
            guard let s = String(validating: b, as: UTF8.self) else { throw EvalError(Message("eval.invalid-utf-8-bytes")) }
            return .string(s)
        default: throw EvalError.noOverload("string", v)
        }
    }

    /// Shortest round-trip text, without a trailing `.0` (as Go's `%g` prints).
    static func formatDouble(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        var s = String(d)
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }

    static func toBool(_ v: [Value]) throws(EvalError) -> Value {
        switch v[0] {
        case .bool: return v[0]
        case .string(let s):
            switch s {
            case "1", "t", "T", "true", "TRUE", "True": return .bool(true)
            case "0", "f", "F", "false", "FALSE", "False": return .bool(false)
            default: throw EvalError(Message("eval.type-conversion-error-not-4", ["s": "\(s)"]))
            }
        default: throw EvalError.noOverload("bool", v)
        }
    }

    static func toBytes(_ v: [Value]) throws(EvalError) -> Value {
        switch v[0] {
        case .bytes: return v[0]
        case .string(let s): return .bytes(Array(s.utf8))
        default: throw EvalError.noOverload("bytes", v)
        }
    }
}
