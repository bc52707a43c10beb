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

/// Names a compiled expression can read.
public struct CompileEnvironment: Sendable {
    /// Variable or field name -> slot.
    public var slots: [String: Int]
    /// Whether `event` names the current event (`event.f`, `has(event.f)`).
    public var hasEvent: Bool

    public init(slots: [String: Int], hasEvent: Bool) {
        self.slots = slots
        self.hasEvent = hasEvent
    }
}
