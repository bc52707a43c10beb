import RubricCheck
import RubricSyntax

/// Values an expression reads: event fields (or bindings) by slot, and
/// macro variables. One activation is reused for many evaluations.
public final class Activation {
    /// Field values by slot; nil when the field is absent.
    public var slots: [Value?]
    /// Macro (comprehension) variables by depth.
    var locals: [Value]
    /// Iterations of comprehensions left in this evaluation
    /// (`ExprCompiler.compileComprehension` sets and spends it).
    var budget = 0

    /// The evaluator enforces the budget lint estimates against (`ExprCost`).
    public static let comprehensionBudget = ExprCost.comprehensionBudget

    public init(slotCount: Int) {
        slots = Array(repeating: nil, count: slotCount)
        locals = []
    }
}

/// A compiled expression: a tree of closures built once, run per event.
public typealias Program = (Activation) throws(EvalError) -> Value

/// Where the values a compiled expression reads are: the activation slot
/// of each variable or field. What each name refers to is the checker's
/// (`CheckedExpr.references`); this only places the values.
public struct CompileEnvironment: Sendable {
    /// Variable or field name -> slot.
    public var slots: [String: Int]

    public init(slots: [String: Int]) {
        self.slots = slots
    }
}
