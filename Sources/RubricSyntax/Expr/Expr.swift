/// A literal constant in an expression.
public enum Literal: Hashable, Sendable {
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case bool(Bool)
    case null
}

/// The comprehension macros of CEL (`has` is a `select` with `testOnly`).
public enum MacroKind: String, Sendable, Hashable {
    case all, exists, existsOne = "exists_one", map, filter
}

/// A node of a parsed expression. Operators are calls with the CEL
/// operator names (`_+_`, `_&&_`, `!_`, `_?_:_`, `_[_]`, `@in`...), as in
/// cel-go, so the checker and compiler treat them like functions.
public struct Expr: Sendable {
    /// Unique within one parsed expression; the checker keys types by it.
    public var id: Int
    /// Unicode-scalar offsets into the expression text.
    public var range: Range<Int>
    public var kind: Kind
    /// Levels of nodes from here down (a literal is 1). The parser bounds it,
    /// so every recursive walk of an expression has a bounded depth.
    public private(set) var height: Int

    public indirect enum Kind: Sendable {
        case literal(Literal)
        /// A name, possibly dotted (`math.ceil` as a function name is kept in `call`).
        case ident(String)
        /// `operand.field`; `testOnly` for `has(operand.field)`.
        case select(operand: Expr, field: String, testOnly: Bool)
        /// A function or operator call; `target` for receiver style (`s.contains(x)`).
        case call(function: String, target: Expr?, args: [Expr])
        case list([Expr])
        case map([(key: Expr, value: Expr)])
        /// `range.all(x, body)`, `range.map(x, filter, body)`...
        case comprehension(macro: MacroKind, variable: String, range: Expr, filter: Expr?, body: Expr)
        /// `Type{field: value}`: parsed so it can be reported, never evaluated.
        case message(type: String, fields: [(name: String, value: Expr)])
    }

    public init(id: Int, range: Range<Int>, kind: Kind) {
        self.id = id
        self.range = range
        self.kind = kind
        self.height = 1
        self.height = 1 + (children.map(\.height).max() ?? 0)
    }

    /// The direct children, in source order.
    public var children: [Expr] {
        switch kind {
        case .literal, .ident: return []
        case .select(let o, _, _): return [o]
        case .call(_, let t, let a): return (t.map { [$0] } ?? []) + a
        case .list(let es): return es
        case .map(let es): return es.flatMap { [$0.key, $0.value] }
        case .comprehension(_, _, let r, let f, let b): return [r] + (f.map { [$0] } ?? []) + [b]
        case .message(_, let fs): return fs.map(\.value)
        }
    }

    /// `a.b.c` as one dotted name, when the expression is only an identifier
    /// and field selections (not `has`); nil otherwise.
    public var dottedName: String? {
        switch kind {
        case .ident(let n): return n
        case .select(let o, let f, false): return o.dottedName.map { $0 + "." + f }
        default: return nil
        }
    }

    /// Every identifier this expression reads (not bound by a macro).
    public var freeIdentifiers: Set<String> {
        var out = Set<String>()
        collectFree(into: &out, bound: [])
        return out
    }

    private func collectFree(into out: inout Set<String>, bound: Set<String>) {
        switch kind {
        case .ident(let n): if !bound.contains(n) { out.insert(n) }
        case .comprehension(_, let v, let r, let f, let b):
            r.collectFree(into: &out, bound: bound)
            f?.collectFree(into: &out, bound: bound.union([v]))
            b.collectFree(into: &out, bound: bound.union([v]))
        default:
            for c in children { c.collectFree(into: &out, bound: bound) }
        }
    }
}

/// Operator function names, shared by the parser, checker and compiler.
public enum Operator {
    public static let conditional = "_?_:_"
    public static let logicalAnd = "_&&_"
    public static let logicalOr = "_||_"
    public static let logicalNot = "!_"
    public static let negate = "-_"
    public static let index = "_[_]"
    public static let `in` = "@in"
    public static let equals = "_==_"
    public static let notEquals = "_!=_"
    public static let less = "_<_"
    public static let lessEquals = "_<=_"
    public static let greater = "_>_"
    public static let greaterEquals = "_>=_"
    public static let add = "_+_"
    public static let subtract = "_-_"
    public static let multiply = "_*_"
    public static let divide = "_/_"
    public static let modulo = "_%_"

    /// The source spelling of an operator, for messages.
    public static func display(_ name: String) -> String {
        switch name {
        case conditional: return "?:"
        case logicalNot: return "!"
        case negate: return "-"
        case index: return "[]"
        case `in`: return "in"
        default:
            if name.hasPrefix("_") && name.hasSuffix("_") && name.count > 2 {
                return String(name.dropFirst().dropLast())
            }
            return name
        }
    }
}
