import RubricCheck
import RubricSyntax

/// The implementation of each declared function and operator
/// (`Functions.declarations`: name, call style, arity, type), by its
/// declared name. The implementations index their arguments: the compiler
/// checks a call's count against the declaration before binding one.
/// `!_`, `&&`, `||` and `?:` are compiled apart (they decide evaluation order).
enum Builtins {
    typealias Function = @Sendable ([Value]) throws(EvalError) -> Value

    static let implementations: [String: Function] = [
        Operator.add: Arithmetic.add, Operator.subtract: Arithmetic.subtract,
        Operator.multiply: Arithmetic.multiply, Operator.divide: Arithmetic.divide,
        Operator.modulo: Arithmetic.modulo, Operator.negate: Arithmetic.negate,
        Operator.equals: { v in .bool(Value.equal(v[0], v[1])) },
        Operator.notEquals: { v in .bool(!Value.equal(v[0], v[1])) },
        Operator.less: compare(Operator.less) { $0 < 0 },
        Operator.lessEquals: compare(Operator.lessEquals) { $0 <= 0 },
        Operator.greater: compare(Operator.greater) { $0 > 0 },
        Operator.greaterEquals: compare(Operator.greaterEquals) { $0 >= 0 },
        Operator.in: contains,
        Operator.index: index,
        "size": size,
        "matches": { v throws(EvalError) in try StringFunctions.matches(v) },
        "int": Conversions.toInt, "uint": Conversions.toUInt, "double": Conversions.toDouble,
        "string": Conversions.toString, "bool": Conversions.toBool, "bytes": Conversions.toBytes,
        "dyn": { v in v[0] },
        "type": { v in .type(v[0].typeName) },
        "math.ceil": MathFunctions.rounding("math.ceil") { $0.rounded(.up) },
        "math.floor": MathFunctions.rounding("math.floor") { $0.rounded(.down) },
        "math.round": MathFunctions.rounding("math.round") { $0.rounded(.toNearestOrAwayFromZero) },
        "math.trunc": MathFunctions.rounding("math.trunc") { $0.rounded(.towardZero) },
        "math.abs": MathFunctions.abs,
        "math.least": MathFunctions.extreme(least: true),
        "math.greatest": MathFunctions.extreme(least: false),
        "contains": StringFunctions.predicate("contains") { s, t in StringFunctions.find(t, in: s) },
        "startsWith": StringFunctions.predicate("startsWith") { s, t in s.unicodeScalars.starts(with: t.unicodeScalars) },
        "endsWith": StringFunctions.predicate("endsWith") { s, t in s.unicodeScalars.reversed().starts(with: t.unicodeScalars.reversed()) },
    ]

    static func compare(_ name: String, _ test: @escaping @Sendable (Int) -> Bool) -> Function {
        { v throws(EvalError) in
            guard let o = Value.order(v[0], v[1]) else { throw EvalError.noOverload(name, v) }
            guard let c = o else { return .bool(false) }  // NaN
            return .bool(test(c))
        }
    }

    static func contains(_ v: [Value]) throws(EvalError) -> Value {
        switch v[1] {
        case .list(let l): return .bool(l.contains { Value.equal($0, v[0]) })
        case .map(let m): return .bool(m.lookup(v[0]) != nil)
        default: throw EvalError.noOverload(Operator.in, v)
        }
    }

    static func index(_ v: [Value]) throws(EvalError) -> Value {
        switch v[0] {
        case .list(let l):
            let i: Int64
            switch v[1] {
            case .int(let x): i = x
            case .uint(let u): i = u > UInt64(Int64.max) ? -1 : Int64(u)
            case .double(let d):
                guard d == d.rounded(), abs(d) < 9e18 else { throw EvalError(Message("eval.unsupported-index-value", ["d": "\(d)"])) }
                i = Int64(d)
            default: throw EvalError.noOverload(Operator.index, v)
            }
            guard i >= 0, i < l.count else { throw EvalError(Message("eval.index-out-range", ["i": "\(i)"])) }
            return l[Int(i)]
        case .map(let m):
            switch v[1] {
            case .int, .uint, .double, .string, .bool: break
            default: throw EvalError.noOverload(Operator.index, v)
            }
            guard let r = m.lookup(v[1]) else { throw EvalError(Message("eval.no-such-key", ["p": "\(v[1])"])) }
            return r
        default:
            throw EvalError.noOverload(Operator.index, v)
        }
    }

    static func size(_ v: [Value]) throws(EvalError) -> Value {
        switch v[0] {
        case .string(let s): return .int(Int64(s.unicodeScalars.count))
        case .bytes(let b): return .int(Int64(b.count))
        case .list(let l): return .int(Int64(l.count))
        case .map(let m): return .int(Int64(m.count))
        default: throw EvalError.noOverload("size", v)
        }
    }
}
