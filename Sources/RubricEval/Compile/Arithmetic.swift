import RubricSyntax

/// `+ - * / %` and negation: overflow and division by zero are errors, as
/// in CEL; doubles follow IEEE 754.
enum Arithmetic {
    static func overflow() -> EvalError { EvalError(Message("eval.integer-overflow")) }

    static func add(_ v: [Value]) throws(EvalError) -> Value {
        switch (v[0], v[1]) {
        case (.int(let a), .int(let b)):
            let (r, o) = a.addingReportingOverflow(b); if o { throw overflow() }; return .int(r)
        case (.uint(let a), .uint(let b)):
            let (r, o) = a.addingReportingOverflow(b); if o { throw overflow() }; return .uint(r)
        case (.double(let a), .double(let b)): return .double(a + b)
        case (.string(let a), .string(let b)): return .string(a + b)
        case (.bytes(let a), .bytes(let b)): return .bytes(a + b)
        case (.list(let a), .list(let b)): return .list(a + b)
        default: throw EvalError.noOverload(Operator.add, v)
        }
    }

    static func subtract(_ v: [Value]) throws(EvalError) -> Value {
        switch (v[0], v[1]) {
        case (.int(let a), .int(let b)):
            let (r, o) = a.subtractingReportingOverflow(b); if o { throw overflow() }; return .int(r)
        case (.uint(let a), .uint(let b)):
            let (r, o) = a.subtractingReportingOverflow(b); if o { throw overflow() }; return .uint(r)
        case (.double(let a), .double(let b)): return .double(a - b)
        default: throw EvalError.noOverload(Operator.subtract, v)
        }
    }

    static func multiply(_ v: [Value]) throws(EvalError) -> Value {
        switch (v[0], v[1]) {
        case (.int(let a), .int(let b)):
            let (r, o) = a.multipliedReportingOverflow(by: b); if o { throw overflow() }; return .int(r)
        case (.uint(let a), .uint(let b)):
            let (r, o) = a.multipliedReportingOverflow(by: b); if o { throw overflow() }; return .uint(r)
        case (.double(let a), .double(let b)): return .double(a * b)
        default: throw EvalError.noOverload(Operator.multiply, v)
        }
    }

    static func divide(_ v: [Value]) throws(EvalError) -> Value {
        switch (v[0], v[1]) {
        case (.int(let a), .int(let b)):
            if b == 0 { throw EvalError(Message("eval.division-by-zero")) }
            let (r, o) = a.dividedReportingOverflow(by: b); if o { throw overflow() }; return .int(r)
        case (.uint(let a), .uint(let b)):
            if b == 0 { throw EvalError(Message("eval.division-by-zero")) }
            return .uint(a / b)
        case (.double(let a), .double(let b)): return .double(a / b)
        default: throw EvalError.noOverload(Operator.divide, v)
        }
    }

    static func modulo(_ v: [Value]) throws(EvalError) -> Value {
        switch (v[0], v[1]) {
        case (.int(let a), .int(let b)):
            if b == 0 { throw EvalError(Message("eval.modulus-by-zero")) }
            let (r, o) = a.remainderReportingOverflow(dividingBy: b); if o { throw overflow() }; return .int(r)
        case (.uint(let a), .uint(let b)):
            if b == 0 { throw EvalError(Message("eval.modulus-by-zero")) }
            return .uint(a % b)
        default: throw EvalError.noOverload(Operator.modulo, v)
        }
    }

    static func negate(_ v: [Value]) throws(EvalError) -> Value {
        switch v[0] {
        case .int(let a):
            if a == .min { throw overflow() }
            return .int(-a)
        case .double(let d): return .double(-d)
        default: throw EvalError.noOverload(Operator.negate, v)
        }
    }
}

/// The `math.` extension functions.
enum MathFunctions {
    static func rounding(_ name: String, _ f: @escaping @Sendable (Double) -> Double) -> Builtins.Function {
        { v throws(EvalError) in
            guard case .double(let d) = v[0] else { throw EvalError.noOverload(name, v) }
            return .double(f(d))
        }
    }

    static func abs(_ v: [Value]) throws(EvalError) -> Value {
        switch v[0] {
        case .int(let i):
            if i == .min { throw Arithmetic.overflow() }
            return .int(Swift.abs(i))
        case .uint: return v[0]
        case .double(let d): return .double(Swift.abs(d))
        default: throw EvalError.noOverload("math.abs", v)
        }
    }

    static func extreme(least: Bool) -> Builtins.Function {
        { v throws(EvalError) in
            let items: [Value]
            if v.count == 1, case .list(let l) = v[0] { items = l } else { items = v }
            guard var best = items.first else { throw EvalError(Message("eval.math-needs-at-least", ["p": "\(least ? "least" : "greatest")"])) }
            for x in items {
                guard let c = Value.numericCompare(x, best) else { throw EvalError.noOverload("math.\(least ? "least" : "greatest")", v) }
                if least ? c < 0 : c > 0 { best = x }
            }
            return best
        }
    }
}
