import Foundation
import RubricCheck
import RubricEval

/// Converts the conformance files' TypedValue JSON into runtime values and
/// static types, and compares results with CEL's rules for the suite.
enum TypedValue {
    /// Features a value needs that the project does not support, if any.
    struct Unsupported: Error { var feature: String }

    static func value(_ json: Any) throws -> Value {
        guard let obj = json as? [String: Any], let (kind, v) = obj.first else { throw Unsupported(feature: "malformed value") }
        switch kind {
        case "int": return .int(Int64(v as! String)!)
        case "uint": return .uint(UInt64(v as! String)!)
        case "double":
            if let s = v as? String {
                switch s {
                case "NaN": return .double(.nan)
                case "Infinity": return .double(.infinity)
                case "-Infinity": return .double(-.infinity)
                default: return .double(Double(s)!)
                }
            }
            return .double((v as! NSNumber).doubleValue)
        case "string": return .string(v as! String)
        case "bool": return .bool((v as! NSNumber).boolValue)
        case "null": return .null
        case "bytes_b64": return .bytes([UInt8](Data(base64Encoded: v as! String) ?? Data()))
        case "list": return .list(try (v as! [Any]).map(value))
        case "map":
            var m = MapValue()
            for pair in v as! [[Any]] { _ = m.insert(try value(pair[0]), try value(pair[1])) }
            return .map(m)
        case "type": return .type(v as! String)
        default: throw Unsupported(feature: kind)
        }
    }

    /// Equality for the suite: kinds must match (int 1 is not uint 1 nor
    /// double 1.0), NaN matches NaN, maps compare as sets of entries.
    static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.uint(let x), .uint(let y)): return x == y
        case (.double(let x), .double(let y)): return (x.isNaN && y.isNaN) || (x == y && x.sign == y.sign) || (x == 0 && y == 0 && x.sign == y.sign)
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.type(let x), .type(let y)): return x == y
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.map(let x), .map(let y)):
            guard x.count == y.count else { return false }
            return x.entries.allSatisfy { e in y.entries.contains { same($0.key, e.key) && same($0.value, e.value) } }
        default: return false
        }
    }
}
