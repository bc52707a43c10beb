import RubricSyntax

/// The signatures of the built-in functions and operators, for the checker.
/// A signature either fixes its result or computes it from the arguments.
enum Overloads {
    typealias Rule = @Sendable ([CELType]) -> CELType?

    /// Result type of `function` applied to `args` (receiver first for
    /// member calls); nil when no overload matches.
    static func resolve(_ function: String, _ args: [CELType], member: Bool) -> CELType? {
        // Any dyn argument defers the choice to evaluation, except where the
        // result type is fixed whatever the argument.
        guard let rule = table[member ? "." + function : function] ?? (member ? nil : table[function]) else { return nil }
        return rule(args)
    }

    static func known(_ function: String, member: Bool) -> Bool {
        table[member ? "." + function : function] != nil
    }

    static var allNames: [String] {
        Array(Set(table.keys.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 }.filter { !$0.hasPrefix("_") && !$0.hasPrefix("@") && !$0.hasSuffix("_") }))
    }

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

    static func convert(to result: CELType, from allowed: [CELType]) -> Rule {
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

    static let table: [String: Rule] = [
        Operator.add: { same($0, [.int, .uint, .double, .string, .bytes, .list(.dyn)]) },
        Operator.subtract: { same($0, [.int, .uint, .double]) },
        Operator.multiply: { same($0, [.int, .uint, .double]) },
        Operator.divide: { same($0, [.int, .uint, .double]) },
        Operator.modulo: { same($0, [.int, .uint]) },
        Operator.negate: { unary($0, [.int, .double]) },
        Operator.logicalNot: { unary($0, [.bool]).map { _ in .bool } },
        Operator.less: comparable, Operator.lessEquals: comparable,
        Operator.greater: comparable, Operator.greaterEquals: comparable,
        "size": sizeOf, ".size": sizeOf,
        ".contains": stringPredicate, ".startsWith": stringPredicate, ".endsWith": stringPredicate,
        ".matches": stringPredicate, "matches": stringPredicate,
        "int": convert(to: .int, from: [.int, .uint, .double, .string]),
        "uint": convert(to: .uint, from: [.int, .uint, .double, .string]),
        "double": convert(to: .double, from: [.int, .uint, .double, .string]),
        "string": convert(to: .string, from: [.int, .uint, .double, .string, .bytes, .bool]),
        "bool": convert(to: .bool, from: [.bool, .string]),
        "bytes": convert(to: .bytes, from: [.bytes, .string]),
        "dyn": { $0.count == 1 ? .dyn : nil },
        "type": { $0.count == 1 ? .type : nil },
        "math.ceil": doubleMath, "math.floor": doubleMath, "math.round": doubleMath, "math.trunc": doubleMath,
        "math.abs": { unary($0, [.int, .double]) },
        "math.least": { a in a.count >= 1 && a.allSatisfy({ $0.isNumeric || $0 == .dyn }) ? (Set(a).count == 1 ? a[0] : .dyn) : nil },
        "math.greatest": { a in a.count >= 1 && a.allSatisfy({ $0.isNumeric || $0 == .dyn }) ? (Set(a).count == 1 ? a[0] : .dyn) : nil },
    ]
}
