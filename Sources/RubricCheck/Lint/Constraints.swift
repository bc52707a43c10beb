import RubricSyntax

/// What a condition says about each event field, as far as simple
/// conjunctions of comparisons with literals tell. Used to find rules
/// that can never match and pairs of rules that can match the same event.
struct Constraints {
    /// Constraint on one field.
    struct Field {
        var allowed: Set<String>?
        var excluded: Set<String> = []
        var lo: (value: Double, inclusive: Bool)?
        var hi: (value: Double, inclusive: Bool)?
        /// Whether the event must carry the field (`has`, or any comparison:
        /// a comparison on an absent field fails, and the event with it) or
        /// must lack it (`!has`); both at once: nothing matches.
        var present: Bool?
        var presenceConflict = false

        var isEmpty: Bool {
            if presenceConflict { return true }
            if present == false && (allowed != nil || !excluded.isEmpty || lo != nil || hi != nil) { return true }
            if let a = allowed, a.subtracting(excluded).isEmpty { return true }
            if let l = lo, let h = hi {
                if l.value > h.value { return true }
                if l.value == h.value && !(l.inclusive && h.inclusive) { return true }
            }
            return false
        }

        mutating func merge(_ o: Field) {
            presenceConflict = presenceConflict || o.presenceConflict
            if let p = o.present {
                if let q = present, q != p { presenceConflict = true }
                present = p
            }
            if let a = o.allowed { allowed = allowed.map { $0.intersection(a) } ?? a }
            excluded.formUnion(o.excluded)
            if let l = o.lo { raiseLo(l.value, l.inclusive) }
            if let h = o.hi { lowerHi(h.value, h.inclusive) }
        }

        mutating func raiseLo(_ v: Double, _ inc: Bool) {
            if let l = lo, l.value > v || (l.value == v && !l.inclusive) { return }
            lo = (v, inc)
        }

        mutating func lowerHi(_ v: Double, _ inc: Bool) {
            if let h = hi, h.value < v || (h.value == v && !h.inclusive) { return }
            hi = (v, inc)
        }
    }

    var fields: [String: Field] = [:]
    /// A literal `false` was found in the conjunction.
    var contradiction = false

    var isEmpty: Bool { contradiction || fields.values.contains { $0.isEmpty } }

    mutating func merge(_ o: Constraints) {
        contradiction = contradiction || o.contradiction
        for (k, v) in o.fields { fields[k, default: Field()].merge(v) }
    }

    /// Constraints of an expression's top-level conjunction.
    static func of(_ e: Expr?) -> Constraints {
        var c = Constraints()
        if let e { c.add(e) }
        return c
    }

    /// Bounds a schema places on number fields (for `rate < 0` when rate >= 0).
    static func schemaBounds(_ schema: Schema, types: [Int]) -> Constraints {
        var c = Constraints()
        for (i, f) in schema.fields.enumerated() where f.type == .number || f.type == .integer {
            // Only bounds that hold for every type the rule looks at.
            let bs = types.isEmpty ? [(f.min, f.max)] : types.map { schema.bounds(i, on: $0) }
            var field = Field()
            if bs.allSatisfy({ $0.0 != nil }) { field.lo = (bs.map { $0.0!.doubleValue }.min()!, true) }
            if bs.allSatisfy({ $0.1 != nil }) { field.hi = (bs.map { $0.1!.doubleValue }.max()!, true) }
            if field.lo != nil || field.hi != nil { c.fields[f.name] = field }
        }
        return c
    }

    /// Adds what `e` (or, `negated`, its negation) says, when it is a
    /// conjunction of presence tests and comparisons with literals; simple
    /// negations (`!has(f)`, `!(f == 'x')`, `!(f < 3)`, `!!c`, `!(a || b)`)
    /// are understood, anything else says nothing.
    mutating func add(_ e: Expr, negated: Bool = false) {
        if case .select(let o, let field, true) = e.kind, case .ident("event") = o.kind {
            var f = Field()
            f.present = !negated
            fields[field, default: Field()].merge(f)
            return
        }
        guard case .call(let fn, nil, let args) = e.kind else {
            if case .literal(.bool(let b)) = e.kind, b == negated { contradiction = true }
            return
        }
        if fn == Operator.logicalNot, args.count == 1 { add(args[0], negated: !negated); return }
        // a && b; !(a || b) is !a && !b.
        if fn == (negated ? Operator.logicalOr : Operator.logicalAnd) { add(args[0], negated: negated); add(args[1], negated: negated); return }
        guard args.count == 2 else { return }
        var (l, r, op) = (args[0], args[1], fn)
        if Self.fieldName(l) == nil, Self.fieldName(r) != nil { (l, r) = (r, l); op = Self.flipped(op) }
        guard let name = Self.fieldName(l) else { return }
        if negated {
            guard let opposite = Self.negation(op) else { return }
            op = opposite
        }
        var f = Field()
        f.present = true
        switch (op, r.kind) {
        case (Operator.equals, .literal(.string(let s))): f.allowed = [s]
        case (Operator.notEquals, .literal(.string(let s))): f.excluded = [s]
        case (Operator.in, .list(let items)):
            var set = Set<String>()
            for i in items { guard case .literal(.string(let s)) = i.kind else { return }; set.insert(s) }
            f.allowed = set
        default:
            guard let v = Self.number(r) else { return }
            switch op {
            case Operator.equals: f.lo = (v, true); f.hi = (v, true)
            case Operator.less: f.hi = (v, false)
            case Operator.lessEquals: f.hi = (v, true)
            case Operator.greater: f.lo = (v, false)
            case Operator.greaterEquals: f.lo = (v, true)
            default: return
            }
        }
        fields[name, default: Field()].merge(f)
    }

    /// The comparison true exactly when `op`'s is false (on present, ordered
    /// values); nil for those whose negation is not one comparison.
    static func negation(_ op: String) -> String? {
        switch op {
        case Operator.equals: return Operator.notEquals
        case Operator.notEquals: return Operator.equals
        case Operator.less: return Operator.greaterEquals
        case Operator.lessEquals: return Operator.greater
        case Operator.greater: return Operator.lessEquals
        case Operator.greaterEquals: return Operator.less
        default: return nil
        }
    }

    static func fieldName(_ e: Expr) -> String? {
        switch e.kind {
        case .ident(let n): return n
        case .select(let o, let f, false): if case .ident("event") = o.kind { return f } else { return nil }
        default: return nil
        }
    }

    static func number(_ e: Expr) -> Double? {
        switch e.kind {
        case .literal(.int(let i)): return Double(i)
        case .literal(.uint(let u)): return Double(u)
        case .literal(.double(let d)): return d
        default: return nil
        }
    }

    static func flipped(_ op: String) -> String {
        switch op {
        case Operator.less: return Operator.greater
        case Operator.lessEquals: return Operator.greaterEquals
        case Operator.greater: return Operator.less
        case Operator.greaterEquals: return Operator.lessEquals
        default: return op
        }
    }
}
