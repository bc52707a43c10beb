import RubricSyntax

/// Which reads of event fields are guarded by a presence test.
///
/// Reading a field the event lacks is an error, and an error rejects the
/// event. The checker proves each read of an optional field safe from the
/// guards around it, so `lint` and `eval` agree by construction: a rubric
/// that passes lint never rejects an event for a field it may lack.
///
/// CEL's `&&` and `||` absorb an error when the other side decides the
/// result (`error && false` is false, `true || error` is true), in either
/// order; `?:` evaluates one branch. So a read is guarded when
/// - it is in one operand of `&&` and the other operand is true only when
///   the field is present (`has(event.f) && f > 3`, `f > 3 && has(event.f)`);
/// - it is in one operand of `||` and the other operand is false only when
///   the field is present (`!has(event.f) || f > 3`);
/// - it is in the first branch of `c ? a : b` and `c` is true only with the
///   field present, or in the second and `c` is false only with it;
/// - it is in a rule's points and the rule's `when` is true only with it.
extension CheckedExpr {
    /// Fields the expression proves present when it evaluates to true.
    public var presentWhenTrue: Set<String> { Self.presence(parsed.root, references, whenTrue: true) }

    /// Each read of an event field not proved present by a guard (or by
    /// `guarded`, the fields known present before the expression runs), with
    /// the read's place in the expression, in source order.
    public func unguardedReads(given guarded: Set<String> = []) -> [(field: String, range: Range<Int>)] {
        var out: [(field: String, range: Range<Int>)] = []
        Self.walk(parsed.root, references, guarded, &out)
        return out
    }

    /// The fields `e` proves present when it is `whenTrue` (true or false).
    static func presence(_ e: Expr, _ refs: [Int: Reference], whenTrue: Bool) -> Set<String> {
        switch e.kind {
        case .select(_, _, true):
            if case .eventFieldPresence(let f) = refs[e.id], whenTrue { return [f] }
            return []
        case .call(let fn, nil, let args):
            switch (fn, args.count) {
            case (Operator.logicalNot, 1):
                return presence(args[0], refs, whenTrue: !whenTrue)
            case (Operator.logicalAnd, 2), (Operator.logicalOr, 2):
                let (l, r) = (presence(args[0], refs, whenTrue: whenTrue), presence(args[1], refs, whenTrue: whenTrue))
                // a && b true: both true; a || b false: both false. Otherwise either may be the one.
                return (fn == Operator.logicalAnd) == whenTrue ? l.union(r) : l.intersection(r)
            default:
                return []
            }
        default:
            return []
        }
    }

    static func walk(_ e: Expr, _ refs: [Int: Reference], _ guarded: Set<String>, _ out: inout [(field: String, range: Range<Int>)]) {
        switch refs[e.id] {
        case .variable(let f), .eventField(let f):
            if !guarded.contains(f) { out.append((f, e.range)) }
            return
        default: break
        }
        guard case .call(let fn, nil, let args) = e.kind else {
            for c in e.children { walk(c, refs, guarded, &out) }
            return
        }
        switch (fn, args.count) {
        case (Operator.logicalAnd, 2), (Operator.logicalOr, 2):
            // The other operand decides the result exactly when the field is absent.
            let decides = fn == Operator.logicalOr ? false : true
            walk(args[0], refs, guarded.union(presence(args[1], refs, whenTrue: decides)), &out)
            walk(args[1], refs, guarded.union(presence(args[0], refs, whenTrue: decides)), &out)
        case (Operator.conditional, 3):
            walk(args[0], refs, guarded, &out)
            walk(args[1], refs, guarded.union(presence(args[0], refs, whenTrue: true)), &out)
            walk(args[2], refs, guarded.union(presence(args[0], refs, whenTrue: false)), &out)
        default:
            for c in e.children { walk(c, refs, guarded, &out) }
        }
    }
}
