import RubricSyntax

extension ExprChecker {
    mutating func checkCall(_ fn: String, _ target: Expr?, _ args: [Expr], _ e: Expr, _ scope: [String: CELType]) -> CELType {
        if let q = qualifiedFunction(fn, target, scope) {
            references[e.id] = .function(q)
            let types = args.map { check($0, scope) }
            guard Functions.known(q, member: false) else {
                error(.unknownFunction, Message("unknown-function.unknown-function", ["q": "\(q)"]), e,
                      help: Suggestion.help(for: q, in: Functions.allNames.filter { $0.hasPrefix("math.") }))
                return .dyn
            }
            return apply(q, types, args, e, member: false)
        }
        switch fn {
        case Operator.logicalAnd, Operator.logicalOr:
            for a in args { expectBool(a, check(a, scope), .phrase("what.each-side", ["op": "\(Operator.display(fn))"])) }
            return .bool
        case Operator.conditional:
            expectBool(args[0], check(args[0], scope), .phrase("what.condition-of"))
            return CELType.join(check(args[1], scope), check(args[2], scope))
        case Operator.equals, Operator.notEquals:
            let a = check(args[0], scope), b = check(args[1], scope)
            checkEnumLiteral(args[0], args[1])
            checkEnumLiteral(args[1], args[0])
            if !equatable(a, b) {
                error(.typeMismatch, Message("type-mismatch.compares-with-can-never", ["text": "\(text(e))", "a": "\(a)", "b": "\(b)"]), e,
                      help: hint(a, b))
            }
            return .bool
        case Operator.in:
            let a = check(args[0], scope), b = check(args[1], scope)
            if case .list(let items) = args[1].kind { for item in items { checkEnumLiteral(args[0], item) } }
            switch b {
            case .list(let t), .map(let t, _):
                if !equatable(a, t) { error(.typeMismatch, Message("type-mismatch.looks-for-among-values", ["a": "\(a)", "t": "\(t)"]), e, help: hint(a, t)) }
            case .dyn: break
            default: error(.typeMismatch, Message("type-mismatch.needs-list-map-on", ["b": "\(b)"]), args[1])
            }
            return .bool
        case Operator.index:
            let c = check(args[0], scope), i = check(args[1], scope)
            switch c {
            case .list(let t):
                if ![.int, .uint, .dyn].contains(i) { error(.typeMismatch, Message("type-mismatch.list-index-must-int", ["i": "\(i)"]), args[1]) }
                return t
            case .map(let k, let v):
                if !equatable(k, i) { error(.typeMismatch, Message("type-mismatch.this-map-s-keys", ["k": "\(k)", "i": "\(i)"]), args[1]) }
                return v
            case .dyn: return .dyn
            default:
                error(.typeMismatch, Message("type-mismatch.cannot-index-value-type", ["c": "\(c)"]), args[0])
                return .dyn
            }
        default:
            let types = (target.map { [check($0, scope)] } ?? []) + args.map { check($0, scope) }
            if !Functions.known(fn, member: target != nil) && !Functions.known(fn, member: false) {
                let names = Functions.allNames
                if ["timestamp", "duration", "getFullYear", "getMonth", "getDayOfMonth"].contains(fn) {
                    error(.notSupported, Message("not-supported.timestamps-durations-not-supported", ["fn": "\(fn)"]), e,
                          help: Message("not-supported.timestamps-durations-not-supported.help"))
                } else {
                    error(.unknownFunction, Message("unknown-function.unknown-function-2", ["fn": "\(fn)"]), e, help: Suggestion.help(for: fn, in: names))
                }
                return .dyn
            }
            // A constant pattern is compiled now: one that is not RE2 is an error here, not every event's rejection.
            if fn == "matches", let last = args.last, case .literal(.string(let pattern)) = last.kind,
               case .failure(let why) = RegexPattern.compile(pattern) {
                error(.badValue, Message("bad-value.not-regular-expression-cel", ["pattern": "\(pattern)", "reason": "\(why.reason)"]), last,
                      help: Message("bad-value.not-regular-expression-cel.help"))
            }
            return apply(fn, types, args, e, member: target != nil)
        }
    }

    mutating func apply(_ fn: String, _ types: [CELType], _ args: [Expr], _ e: Expr, member: Bool) -> CELType {
        if let t = Functions.resolve(fn, types, member: member) { return t }
        let shown = types.map(\.description).joined(separator: ", ")
        let name = Operator.display(fn)
        var help: Message?
        if types.count == 2, types.allSatisfy(\.isNumeric), types[0] != types[1] {
            help = Message("type-mismatch.int-double.help")
        }
        // `days > '3'`: a number written in quotes is text.
        for a in args {
            if case .literal(.string(let s)) = a.kind, Double(s) != nil, types.contains(where: \.isNumeric) {
                help = Message("type-mismatch.quoted-number.help", ["s": "\(s)"])
            }
        }
        error(.typeMismatch, Message("type-mismatch.cannot-applied", ["name": "\(name)", "shown": "\(shown)", "text": "\(text(e))"]), e, help: help)
        return .dyn
    }

    func equatable(_ a: CELType, _ b: CELType) -> Bool {
        if a == .null || b == .null { return true }
        if a.isNumeric && b.isNumeric { return true }
        if a.isAssignable(to: b) { return true }
        switch (a, b) {
        case (.list(let x), .list(let y)): return equatable(x, y)
        case (.map(let k1, let v1), .map(let k2, let v2)): return equatable(k1, k2) && equatable(v1, v2)
        default: return false
        }
    }

    func hint(_ a: CELType, _ b: CELType) -> Message? {
        if (a == .string && b.isNumeric) || (b == .string && a.isNumeric) {
            return Message("type-mismatch.string-number.help")
        }
        return nil
    }

    /// `rank == 'leeder'`: a string literal compared with an enum field must be one of its values.
    /// The field side is already checked: its reference says which field it is.
    mutating func checkEnumLiteral(_ fieldSide: Expr, _ literalSide: Expr) {
        let field: String
        switch references[fieldSide.id] {
        case .variable(let n)?, .eventField(let n)?: field = n
        default: return
        }
        guard let values = env.enumValues[field], case .literal(.string(let s)) = literalSide.kind else { return }
        if !values.contains(s) {
            error(.enumValue, Message("enum-value.not-value-enum-field-2", ["s": "\(s)", "field": "\(field)"]), literalSide,
                  help: Suggestion.nearest(to: s, in: values).map { Message("suggestion.did-you-mean", ["name": "\($0)"]) }
                    ?? Message("enum-value.values.help", ["values": .code(values)]))
        }
    }
}
