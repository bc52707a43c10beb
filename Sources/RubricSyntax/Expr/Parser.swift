/// A parsed expression: its text, its AST, and how many node ids it used.
public struct ParsedExpr: Sendable {
    public var text: String
    public var root: Expr
    public var nodeCount: Int
}

/// Parses the CEL subset by recursive descent, following the grammar of
/// the CEL language definition. Nesting deeper than `maxDepth` and chains
/// longer than `maxChain` are errors, never a stack overflow.
public struct ExprParser {
    public static let maxDepth = 100
    public static let maxChain = 2000
    /// The tallest expression tree accepted: checking, compiling and
    /// evaluating recurse once per level.
    public static let maxHeight = 96
    public static let maxLength = 100_000

    var lexer: Lexer
    var tok: Token
    var nextId = 1
    var depth = 0
    /// The first node that made the tree too tall.
    var tooTall: Range<Int>?

    /// Parses `text`; returns the AST or the first syntax error.
    public static func parse(_ text: String) -> Result<ParsedExpr, ExprSyntaxError> {
        let count = text.unicodeScalars.count
        if count > maxLength {
            return .failure(ExprSyntaxError(Message("expr-syntax.expression-characters-long-limit", ["count": "\(count)", "maxLength": "\(maxLength)"]), 0..<1))
        }
        do throws(ExprSyntaxError) {
            var p = try ExprParser(text)
            let e = try p.parseExpr()
            if let r = p.tooTall {
                throw ExprSyntaxError(Message("expr-syntax.expression-nested-more-than", ["maxHeight": "\(maxHeight)"]), r,
                                      help: Message("expr-syntax.expression-nested-more-than.help"))
            }
            guard case .eof = p.tok.kind else {
                // `minus one`: text meant as a value; `a > 1 b < 2`: conditions not joined.
                var prose = false
                if case .ident = e.kind, case .ident = p.tok.kind { prose = true }
                throw ExprSyntaxError(Message("expr-syntax.unexpected-after-end-expression", ["describe": p.describe(p.tok)]), p.tok.range,
                                      help: prose ? Message("expr-syntax.prose.help", ["text": "\(text)"]) : Message("expr-syntax.join-conditions.help"))
            }
            return .success(ParsedExpr(text: text, root: e, nodeCount: p.nextId))
        } catch {
            return .failure(error)
        }
    }

    init(_ text: String) throws(ExprSyntaxError) {
        lexer = Lexer(text)
        tok = Token(kind: .eof, range: 0..<0)
        tok = try lexer.next()
    }

    mutating func advance() throws(ExprSyntaxError) -> Token {
        let t = tok
        tok = try lexer.next()
        return t
    }

    func isPunct(_ p: String) -> Bool {
        if case .punct(let q) = tok.kind { return q == p }
        return false
    }

    mutating func expect(_ p: String, _ context: Message.Argument) throws(ExprSyntaxError) -> Token {
        guard isPunct(p) else {
            throw ExprSyntaxError(Message("expr-syntax.expected-found", ["p": "\(p)", "context": context, "describe": describe(tok)]), tok.range)
        }
        return try advance()
    }

    /// A token as a message names it: its text, or what kind of token it is.
    func describe(_ t: Token) -> Message.Argument {
        switch t.kind {
        case .eof: return .phrase("token.end")
        case .ident(let n): return "`\(n)`"
        case .reserved(let n): return .phrase("token.reserved", ["name": "\(n)"])
        case .punct(let p): return "`\(p)`"
        case .string: return .phrase("token.string")
        case .bytes: return .phrase("token.bytes")
        default: return .phrase("token.number")
        }
    }

    mutating func make(_ range: Range<Int>, _ kind: Expr.Kind) -> Expr {
        defer { nextId += 1 }
        let e = Expr(id: nextId, range: range, kind: kind)
        if e.height > ExprParser.maxHeight && tooTall == nil { tooTall = range }
        return e
    }

    mutating func call(_ fn: String, _ range: Range<Int>, _ args: [Expr], target: Expr? = nil) -> Expr {
        make(range, .call(function: fn, target: target, args: args))
    }

    // Expr = ConditionalOr ["?" ConditionalOr ":" Expr]
    mutating func parseExpr() throws(ExprSyntaxError) -> Expr {
        depth += 1
        defer { depth -= 1 }
        if depth > ExprParser.maxDepth {
            throw ExprSyntaxError(Message("expr-syntax.expression-nested-more-than-2", ["maxDepth": "\(ExprParser.maxDepth)"]), tok.range,
                                  help: Message("expr-syntax.expression-nested-more-than-2.help"))
        }
        let cond = try parseOr()
        guard isPunct("?") else { return cond }
        _ = try advance()
        let a = try parseOr()
        _ = try expect(":", .phrase("context.conditional"))
        let b = try parseExpr()
        return call(Operator.conditional, cond.range.lowerBound..<b.range.upperBound, [cond, a, b])
    }

    mutating func parseOr() throws(ExprSyntaxError) -> Expr {
        var l = try parseAnd()
        var n = 0
        while isPunct("||") {
            _ = try advance()
            let r = try parseAnd()
            n += 1
            if n > ExprParser.maxChain { throw ExprSyntaxError(Message("expr-syntax.too-many-one-expression"), r.range) }
            l = call(Operator.logicalOr, l.range.lowerBound..<r.range.upperBound, [l, r])
        }
        return l
    }

    mutating func parseAnd() throws(ExprSyntaxError) -> Expr {
        var l = try parseRelation()
        var n = 0
        while isPunct("&&") {
            _ = try advance()
            let r = try parseRelation()
            n += 1
            if n > ExprParser.maxChain { throw ExprSyntaxError(Message("expr-syntax.too-many-one-expression-2"), r.range) }
            l = call(Operator.logicalAnd, l.range.lowerBound..<r.range.upperBound, [l, r])
        }
        return l
    }

    static let relations: [String: String] = [
        "<": Operator.less, "<=": Operator.lessEquals, ">": Operator.greater, ">=": Operator.greaterEquals,
        "==": Operator.equals, "!=": Operator.notEquals,
    ]

    mutating func parseRelation() throws(ExprSyntaxError) -> Expr {
        var l = try parseAddition()
        var n = 0
        while true {
            let fn: String
            if case .punct(let p) = tok.kind, let f = ExprParser.relations[p] { fn = f }
            else if case .ident("in") = tok.kind { fn = Operator.in }
            else { break }
            _ = try advance()
            let r = try parseAddition()
            n += 1
            if n > ExprParser.maxChain { throw ExprSyntaxError(Message("expr-syntax.too-many-comparisons-one"), r.range) }
            l = call(fn, l.range.lowerBound..<r.range.upperBound, [l, r])
        }
        return l
    }

    mutating func parseAddition() throws(ExprSyntaxError) -> Expr {
        var l = try parseMultiplication()
        var n = 0
        while isPunct("+") || isPunct("-") {
            let op = try advance()
            let r = try parseMultiplication()
            n += 1
            if n > ExprParser.maxChain { throw ExprSyntaxError(Message("expr-syntax.too-many-one-expression-3"), r.range) }
            l = call(isPunctToken(op, "+") ? Operator.add : Operator.subtract, l.range.lowerBound..<r.range.upperBound, [l, r])
        }
        return l
    }

    mutating func parseMultiplication() throws(ExprSyntaxError) -> Expr {
        var l = try parseUnary()
        var n = 0
        while isPunct("*") || isPunct("/") || isPunct("%") {
            let op = try advance()
            let r = try parseUnary()
            n += 1
            if n > ExprParser.maxChain { throw ExprSyntaxError(Message("expr-syntax.too-many-one-expression-4"), r.range) }
            let fn = isPunctToken(op, "*") ? Operator.multiply : isPunctToken(op, "/") ? Operator.divide : Operator.modulo
            l = call(fn, l.range.lowerBound..<r.range.upperBound, [l, r])
        }
        return l
    }

    func isPunctToken(_ t: Token, _ p: String) -> Bool {
        if case .punct(let q) = t.kind { return q == p }
        return false
    }

    mutating func parseUnary() throws(ExprSyntaxError) -> Expr {
        if isPunct("!") || isPunct("-") {
            var ops: [Token] = []
            while isPunct("!") || isPunct("-") {
                ops.append(try advance())
                if ops.count > ExprParser.maxChain { throw ExprSyntaxError(Message("expr-syntax.too-many-unary-operators"), tok.range) }
            }
            // `-` directly before a number literal is part of the literal (so
            // -9223372036854775808 is representable).
            var operand: Expr
            if isPunctToken(ops.last!, "-"), let lit = try negativeLiteral(ops.last!) {
                ops.removeLast()
                operand = try parseMemberSuffix(lit)
            } else {
                operand = try parseMember()
            }
            for op in ops.reversed() {
                let fn = isPunctToken(op, "!") ? Operator.logicalNot : Operator.negate
                operand = call(fn, op.range.lowerBound..<operand.range.upperBound, [operand])
            }
            return operand
        }
        return try parseMember()
    }

    /// After a `-`: a negated int or double literal, if one follows directly.
    mutating func negativeLiteral(_ minus: Token) throws(ExprSyntaxError) -> Expr? {
        let range = minus.range.lowerBound..<tok.range.upperBound
        switch tok.kind {
        case .int(let v):
            _ = try advance()
            return make(range, .literal(.int(-v)))
        case .intOverflow(let text):
            _ = try advance()
            if text == "9223372036854775808" || text.lowercased() == "0x8000000000000000" {
                return make(range, .literal(.int(Int64.min)))
            }
            throw ExprSyntaxError(Message("expr-syntax.integer-literal-out-int64", ["value": "\(text)"]), range)
        case .double(let d):
            _ = try advance()
            return make(range, .literal(.double(-d)))
        default:
            return nil
        }
    }

    mutating func parseMember() throws(ExprSyntaxError) -> Expr {
        let p = try parsePrimary()
        return try parseMemberSuffix(p)
    }

    mutating func parseMemberSuffix(_ start: Expr) throws(ExprSyntaxError) -> Expr {
        var e = start
        var n = 0
        while true {
            n += 1
            if n > ExprParser.maxChain { throw ExprSyntaxError(Message("expr-syntax.too-many-selections-one"), tok.range) }
            if isPunct(".") {
                _ = try advance()
                let nameTok = try advance()
                let name: String
                switch nameTok.kind {
                case .ident(let s), .reserved(let s): name = s
                default: throw ExprSyntaxError(Message("expr-syntax.expected-field-method-name", ["describe": describe(nameTok)]), nameTok.range)
                }
                if isPunct("(") {
                    _ = try advance()
                    let args = try parseArgs(closing: ")")
                    let end = try expect(")", .phrase("context.close-arguments")).range.upperBound
                    e = try receiverCall(name, target: e, args: args, range: e.range.lowerBound..<end, nameRange: nameTok.range)
                } else {
                    e = make(e.range.lowerBound..<nameTok.range.upperBound, .select(operand: e, field: name, testOnly: false))
                }
            } else if isPunct("[") {
                _ = try advance()
                let index = try parseExpr()
                let end = try expect("]", .phrase("context.close-index")).range.upperBound
                e = call(Operator.index, e.range.lowerBound..<end, [e, index])
            } else if isPunct("{"), let typeName = e.dottedName {
                e = try parseMessage(typeName, start: e.range.lowerBound)
            } else {
                return e
            }
        }
    }

    mutating func parseMessage(_ typeName: String, start: Int) throws(ExprSyntaxError) -> Expr {
        _ = try advance()
        var fields: [(name: String, value: Expr)] = []
        while !isPunct("}") {
            let f = try advance()
            guard case .ident(let name) = f.kind else { throw ExprSyntaxError(Message("expr-syntax.expected-field-name-found", ["describe": describe(f)]), f.range) }
            _ = try expect(":", .phrase("context.after-field-name"))
            fields.append((name, try parseExpr()))
            if !isPunct(",") { break }
            _ = try advance()
        }
        let end = try expect("}", .phrase("context.close-message")).range.upperBound
        return make(start..<end, .message(type: typeName, fields: fields))
    }

    mutating func receiverCall(_ name: String, target: Expr, args: [Expr], range: Range<Int>, nameRange: Range<Int>) throws(ExprSyntaxError) -> Expr {
        if let macro = MacroKind(rawValue: name) {
            let arity2 = macro != .map || args.count == 2
            let expected = macro == .map ? [2, 3] : [2]
            if expected.contains(args.count) {
                guard case .ident(let v) = args[0].kind else {
                    throw ExprSyntaxError(Message("expr-syntax.first-argument-must-variable", ["name": "\(name)"]), args[0].range)
                }
                if arity2 {
                    return make(range, .comprehension(macro: macro, variable: v, range: target, filter: nil, body: args[1]))
                }
                return make(range, .comprehension(macro: macro, variable: v, range: target, filter: args[1], body: args[2]))
            }
        }
        return call(name, range, args, target: target)
    }

    mutating func parseArgs(closing: String) throws(ExprSyntaxError) -> [Expr] {
        var args: [Expr] = []
        if isPunct(closing) { return args }
        while true {
            args.append(try parseExpr())
            if !isPunct(",") { return args }
            _ = try advance()
            if isPunct(closing) { return args }  // trailing comma
        }
    }

    mutating func parsePrimary() throws(ExprSyntaxError) -> Expr {
        let t = try advance()
        switch t.kind {
        case .int(let v): return make(t.range, .literal(.int(v)))
        case .intOverflow(let text): throw ExprSyntaxError(Message("expr-syntax.integer-literal-out-int64-2", ["value": "\(text)"]), t.range)
        case .uint(let v): return make(t.range, .literal(.uint(v)))
        case .double(let v): return make(t.range, .literal(.double(v)))
        case .string(let v): return make(t.range, .literal(.string(v)))
        case .bytes(let v): return make(t.range, .literal(.bytes(v)))
        case .reserved(let w):
            throw ExprSyntaxError(Message("expr-syntax.reserved-word-cannot-used", ["w": "\(w)"]), t.range)
        case .ident(let name):
            switch name {
            case "true": return make(t.range, .literal(.bool(true)))
            case "false": return make(t.range, .literal(.bool(false)))
            case "null": return make(t.range, .literal(.null))
            default: break
            }
            if isPunct("(") {
                _ = try advance()
                let args = try parseArgs(closing: ")")
                let end = try expect(")", .phrase("context.close-arguments-of", ["name": "\(name)"])).range.upperBound
                if name == "has" {
                    guard args.count == 1, case .select(let o, let f, false) = args[0].kind else {
                        throw ExprSyntaxError(Message("expr-syntax.has-takes-one-field"), t.range.lowerBound..<end)
                    }
                    return make(t.range.lowerBound..<end, .select(operand: o, field: f, testOnly: true))
                }
                return call(name, t.range.lowerBound..<end, args)
            }
            return make(t.range, .ident(name))
        case .punct("."):
            // A leading dot names the root scope: `.x` is `x`.
            let n = try advance()
            guard case .ident(let name) = n.kind else { throw ExprSyntaxError(Message("expr-syntax.expected-name-after"), n.range) }
            if isPunct("(") {
                _ = try advance()
                let args = try parseArgs(closing: ")")
                let end = try expect(")", .phrase("context.close-arguments")).range.upperBound
                return call(name, t.range.lowerBound..<end, args)
            }
            return make(t.range.lowerBound..<n.range.upperBound, .ident(name))
        case .punct("("):
            let e = try parseExpr()
            _ = try expect(")", .phrase("context.close-paren"))
            return e
        case .punct("["):
            depth += 1
            defer { depth -= 1 }
            let items = try parseArgs(closing: "]")
            let end = try expect("]", .phrase("context.close-list")).range.upperBound
            return make(t.range.lowerBound..<end, .list(items))
        case .punct("{"):
            var entries: [(key: Expr, value: Expr)] = []
            while !isPunct("}") {
                let k = try parseExpr()
                _ = try expect(":", .phrase("context.map-key-value"))
                entries.append((k, try parseExpr()))
                if !isPunct(",") { break }
                _ = try advance()
            }
            let end = try expect("}", .phrase("context.close-map")).range.upperBound
            return make(t.range.lowerBound..<end, .map(entries))
        case .eof:
            throw ExprSyntaxError(Message("expr-syntax.expression-ends-too-early"), t.range, help: Message("expr-syntax.expression-ends-too-early.help"))
        default:
            throw ExprSyntaxError(Message("expr-syntax.unexpected", ["describe": describe(t)]), t.range)
        }
    }
}
