import RubricCheck
import RubricEval
import RubricSyntax

/// Any bytes as an expression: parse, check against a small event schema,
/// and compile and evaluate what checks (the compiler takes the checker's
/// references: names are resolved once).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpr(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let src = ExprSource(text: text)
    guard case .success = src.parsed else { return 0 }
    let vars: [String: CELType] = ["rate": .double, "count": .int, "rank": .string, "tags": .list(.string), "m": .map(.string, .int)]
    let (checked, _) = ExprChecker.check(src, in: CheckEnvironment(variables: vars, enumValues: ["rank": ["leader", "staff"]], hasEvent: true))
    guard let checked else { return 0 }
    let names = vars.keys.sorted()
    let program = ExprCompiler.compile(checked, env: CompileEnvironment(
        slots: Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })))
    let a = Activation(slotCount: names.count)
    var m = MapValue()
    _ = m.insert(.string("a"), .int(1))
    let values: [String: Value] = ["rate": .double(79.5), "count": .int(3), "rank": .string("leader"),
                                   "tags": .list([.string("x")]), "m": .map(m)]
    for (i, n) in names.enumerated() { a.slots[i] = values[n] }
    _ = try? program(a)
    return 0
}
