import RubricCheck
import RubricSyntax

extension ExprCompiler {
    mutating func compileCall(_ e: Expr, _ fn: String, _ target: Expr?, _ args: [Expr]) -> Program {
        // `math.ceil(x)`: the checker found a namespaced function, not a method on a variable `math`.
        if case .function(let q)? = references[e.id] {
            return call(Functions.declaration(q, member: false), q, args.map { compile($0) })
        }
        switch fn {
        case Operator.logicalAnd, Operator.logicalOr:
            return logic(fn == Operator.logicalAnd, compile(args[0]), compile(args[1]))
        case Operator.conditional:
            let (c, t, f) = (compile(args[0]), compile(args[1]), compile(args[2]))
            return { a throws(EvalError) in
                let v = try c(a)
                guard case .bool(let b) = v else { throw EvalError.noOverload(fn, [v]) }
                return b ? try t(a) : try f(a)
            }
        case Operator.logicalNot:
            let p = compile(args[0])
            return { a throws(EvalError) in
                let v = try p(a)
                guard case .bool(let b) = v else { throw EvalError.noOverload(fn, [v]) }
                return .bool(!b)
            }
        default:
            break
        }
        var ps: [Program] = []
        if let target { ps.append(compile(target)) }
        ps.append(contentsOf: args.map { compile($0) })
        if fn == "matches", ps.count == 2, let last = args.last, case .literal(.string(let pattern)) = last.kind {
            // A constant pattern is compiled once.
            let re = Pattern.compile(pattern)
            let s = ps[0]
            return { a throws(EvalError) in
                let v = try s(a)
                guard case .string(let text) = v else { throw EvalError.noOverload(fn, [v]) }
                return .bool(try re.get().search(text))
            }
        }
        let member = target != nil
        return call((member ? Functions.declaration(fn, member: true) : nil) ?? Functions.declaration(fn, member: false), fn, ps)
    }

    /// A call of a declared function: its arguments counted against the declaration, then bound to its implementation.
    func call(_ declaration: FunctionDeclaration?, _ name: String, _ ps: [Program]) -> Program {
        guard let declaration, let f = Builtins.implementations[declaration.name] else {
            return Self.fail(Message("eval.unknown-function", ["name": "\(name)"]))
        }
        guard declaration.arity.contains(ps.count) else {
            return Self.fail(Message(ps.count == 1 ? "eval.no-matching-overload-for.one" : "eval.no-matching-overload-for", ["name": "\(name)", "count": "\(ps.count)"]))
        }
        switch ps.count {
        case 1:
            let p0 = ps[0]
            return { a throws(EvalError) in try f([try p0(a)]) }
        case 2:
            let (p0, p1) = (ps[0], ps[1])
            return { a throws(EvalError) in try f([try p0(a), try p1(a)]) }
        default:
            return { a throws(EvalError) in
                var vs: [Value] = []
                vs.reserveCapacity(ps.count)
                for p in ps { vs.append(try p(a)) }
                return try f(vs)
            }
        }
    }

    /// `&&` and `||` with CEL's commutative error absorption: a decisive
    /// operand wins over an error in the other.
    func logic(_ isAnd: Bool, _ l: @escaping Program, _ r: @escaping Program) -> Program {
        let name = isAnd ? Operator.logicalAnd : Operator.logicalOr
        return { a throws(EvalError) in
            var leftError: EvalError?
            do throws(EvalError) {
                let v = try l(a)
                guard case .bool(let b) = v else { throw EvalError.noOverload(name, [v]) }
                if b != isAnd { return .bool(b) }
            } catch {
                leftError = error
            }
            let v = try r(a)
            guard case .bool(let b) = v else {
                throw leftError ?? EvalError.noOverload(name, [v])
            }
            if b != isAnd { return .bool(b) }
            if let leftError { throw leftError }
            return .bool(isAnd)
        }
    }
}
