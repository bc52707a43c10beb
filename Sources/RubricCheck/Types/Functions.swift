import RubricSyntax

/// One built-in function or operator, declared once: its name, how it is
/// called, how many arguments it takes (a receiver counted), and its type
/// rule. The checker types calls by it; the compiler checks a call's
/// arguments by it and binds the name to its implementation (`Builtins`),
/// so a function exists for both or for neither.
public struct FunctionDeclaration: Sendable {
    public enum Style: Sendable { case global, member, both }
    public typealias Rule = @Sendable ([CELType]) -> CELType?

    public let name: String
    public let style: Style
    /// Arguments, a receiver counted.
    public let arity: ClosedRange<Int>
    /// The result type for the arguments' types, nil when no overload
    /// matches; nil for the operators the checker types by rules of its own
    /// (`==`, `in`, indexing), which need the expressions, not only types.
    let result: Rule?

    init(_ name: String, _ style: Style = .global, arity: ClosedRange<Int>, _ result: Rule?) {
        self.name = name
        self.style = style
        self.arity = arity
        self.result = result
    }

    func callable(member: Bool) -> Bool {
        style == .both || (style == .member) == member
    }
}

/// The built-in functions and operators.
public enum Functions {
    /// The declaration of `name` called as a method (`member`) or a function; nil when there is none.
    public static func declaration(_ name: String, member: Bool) -> FunctionDeclaration? {
        byName[name].flatMap { $0.callable(member: member) ? $0 : nil }
    }

    /// Result type of `function` applied to `args` (receiver first for
    /// member calls); nil when no overload matches. Any dyn argument defers
    /// the choice to evaluation, except where the result type is fixed
    /// whatever the argument.
    static func resolve(_ function: String, _ args: [CELType], member: Bool) -> CELType? {
        guard let d = declaration(function, member: member), d.arity.contains(args.count) else { return nil }
        return d.result?(args)
    }

    static func known(_ function: String, member: Bool) -> Bool {
        declaration(function, member: member) != nil
    }

    /// The names a user may write (operators left out), for suggestions.
    static var allNames: [String] {
        declarations.map(\.name).filter { !$0.hasPrefix("_") && !$0.hasPrefix("@") && !$0.hasSuffix("_") }
    }

    static let byName: [String: FunctionDeclaration] = Dictionary(uniqueKeysWithValues: declarations.map { ($0.name, $0) })

    static func same(_ a: [CELType], _ allowed: [CELType]) -> CELType? {
        guard a.count == 2 else { return nil }
        let (x, y) = (a[0], a[1])
        if x == .dyn && y == .dyn { return .dyn }
        let t = x == .dyn ? y : x
        guard allowed.contains(t) || (allowed.contains(.list(.dyn)) && isList(t)), x.isAssignable(to: y) else { return nil }
        return t
    }

    static func isList(_ t: CELType) -> Bool { if case .list = t { return true } else { return false } }

    static func comparable(_ a: [CELType]) -> CELType? {
        guard a.count == 2 else { return nil }
        let (x, y) = (a[0], a[1])
        if x == .dyn || y == .dyn { return .bool }
        if x.isNumeric && y.isNumeric { return .bool }
        if x == y && [.string, .bytes, .bool].contains(x) { return .bool }
        return nil
    }

    static func unary(_ a: [CELType], _ allowed: [CELType]) -> CELType? {
        guard a.count == 1 else { return nil }
        if a[0] == .dyn { return .dyn }
        return allowed.contains(a[0]) ? a[0] : nil
    }

    static func convert(to result: CELType, from allowed: [CELType]) -> FunctionDeclaration.Rule {
        { a in a.count == 1 && (a[0] == .dyn || allowed.contains(a[0])) ? result : nil }
    }

    static func stringPredicate(_ a: [CELType]) -> CELType? {
        a.count == 2 && a.allSatisfy({ $0 == .string || $0 == .dyn }) ? .bool : nil
    }

    static func doubleMath(_ a: [CELType]) -> CELType? {
        a.count == 1 && (a[0] == .double || a[0] == .dyn) ? .double : nil
    }

    static func sizeOf(_ a: [CELType]) -> CELType? {
        guard a.count == 1 else { return nil }
        switch a[0] {
        case .string, .bytes, .list, .map, .dyn: return .int
        default: return nil
        }
    }

    public static let declarations: [FunctionDeclaration] = [
        .init(Operator.add, arity: 2...2) { same($0, [.int, .uint, .double, .string, .bytes, .list(.dyn)]) },
        .init(Operator.subtract, arity: 2...2) { same($0, [.int, .uint, .double]) },
        .init(Operator.multiply, arity: 2...2) { same($0, [.int, .uint, .double]) },
        .init(Operator.divide, arity: 2...2) { same($0, [.int, .uint, .double]) },
        .init(Operator.modulo, arity: 2...2) { same($0, [.int, .uint]) },
        .init(Operator.negate, arity: 1...1) { unary($0, [.int, .double]) },
        .init(Operator.logicalNot, arity: 1...1) { unary($0, [.bool]).map { _ in .bool } },
        .init(Operator.less, arity: 2...2, comparable), .init(Operator.lessEquals, arity: 2...2, comparable),
        .init(Operator.greater, arity: 2...2, comparable), .init(Operator.greaterEquals, arity: 2...2, comparable),
        .init(Operator.equals, arity: 2...2, nil), .init(Operator.notEquals, arity: 2...2, nil),
        .init(Operator.in, arity: 2...2, nil), .init(Operator.index, arity: 2...2, nil),
        .init("size", .both, arity: 1...1, sizeOf),
        .init("contains", .member, arity: 2...2, stringPredicate),
        .init("startsWith", .member, arity: 2...2, stringPredicate),
        .init("endsWith", .member, arity: 2...2, stringPredicate),
        .init("matches", .both, arity: 2...2, stringPredicate),
        .init("int", arity: 1...1, convert(to: .int, from: [.int, .uint, .double, .string])),
        .init("uint", arity: 1...1, convert(to: .uint, from: [.int, .uint, .double, .string])),
        .init("double", arity: 1...1, convert(to: .double, from: [.int, .uint, .double, .string])),
        .init("string", arity: 1...1, convert(to: .string, from: [.int, .uint, .double, .string, .bytes, .bool])),
        .init("bool", arity: 1...1, convert(to: .bool, from: [.bool, .string])),
        .init("bytes", arity: 1...1, convert(to: .bytes, from: [.bytes, .string])),
        .init("dyn", arity: 1...1) { _ in .dyn },
        .init("type", arity: 1...1) { _ in .type },
        .init("math.ceil", arity: 1...1, doubleMath), .init("math.floor", arity: 1...1, doubleMath),
        .init("math.round", arity: 1...1, doubleMath), .init("math.trunc", arity: 1...1, doubleMath),
        .init("math.abs", arity: 1...1) { unary($0, [.int, .double]) },
        .init("math.least", arity: 1...Int.max, extreme),
        .init("math.greatest", arity: 1...Int.max, extreme),
    ]

    static func extreme(_ a: [CELType]) -> CELType? {
        a.allSatisfy({ $0.isNumeric || $0 == .dyn }) ? (Set(a).count == 1 ? a[0] : .dyn) : nil
    }
}
