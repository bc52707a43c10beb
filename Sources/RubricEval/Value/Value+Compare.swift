/// Equality and ordering with CEL's rules: numbers compare by value across
/// int, uint and double; other kinds compare only with themselves;
/// different kinds are unequal, not an error.
extension Value {
    public static func equal(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.bool(let x), .bool(let y)): return x == y
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.null, .null): return true
        case (.type(let x), .type(let y)): return x == y
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.map(let x), .map(let y)):
            guard x.count == y.count else { return false }
            for (k, v) in x.entries {
                guard let w = y.lookup(k), equal(v, w) else { return false }
            }
            return true
        default:
            if let c = numericCompare(a, b) { return c == 0 }
            return false
        }
    }

    /// -1, 0 or 1 for two numbers; nil if either is not a number or a NaN is involved.
    static func numericCompare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.uint(let x), .uint(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.double(let x), .double(let y)):
            if x.isNaN || y.isNaN { return nil }
            return x < y ? -1 : x > y ? 1 : 0
        case (.int(let x), .uint(let y)): return x < 0 ? -1 : compareU(UInt64(x), y)
        case (.uint(let x), .int(let y)): return y < 0 ? 1 : compareU(x, UInt64(y))
        case (.int(let x), .double(let y)): return compareID(x, y)
        case (.double(let x), .int(let y)): return compareID(y, x).map { -$0 }
        case (.uint(let x), .double(let y)): return compareUD(x, y)
        case (.double(let x), .uint(let y)): return compareUD(y, x).map { -$0 }
        default: return nil
        }
    }

    static func compareU(_ x: UInt64, _ y: UInt64) -> Int { x < y ? -1 : x > y ? 1 : 0 }

    /// An int or uint meets a double as a double, as CEL defines it (so
    /// `9223372036854775807 >= 9223372036854775808.0` holds).
    static func compareID(_ i: Int64, _ d: Double) -> Int? {
        if d.isNaN { return nil }
        let x = Double(i)
        return x < d ? -1 : x > d ? 1 : 0
    }

    static func compareUD(_ u: UInt64, _ d: Double) -> Int? {
        if d.isNaN { return nil }
        let x = Double(u)
        return x < d ? -1 : x > d ? 1 : 0
    }

    /// Ordering for `<` and friends; nil when the operands do not order.
    static func order(_ a: Value, _ b: Value) -> Int?? {
        switch (a, b) {
        case (.string(let x), .string(let y)):
            // Code point order.
            return .some(x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) ? -1 : (x.unicodeScalars.elementsEqual(y.unicodeScalars) ? 0 : 1))
        case (.bool(let x), .bool(let y)): return .some(x == y ? 0 : (!x ? -1 : 1))
        case (.bytes(let x), .bytes(let y)): return .some(x.lexicographicallyPrecedes(y) ? -1 : (x == y ? 0 : 1))
        default:
            switch (a, b) {
            case (.int, _), (.uint, _), (.double, _):
                switch b {
                case .int, .uint, .double: return .some(numericCompare(a, b))
                default: return nil
                }
            default: return nil
            }
        }
    }
}
