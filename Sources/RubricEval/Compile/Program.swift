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

    /// Iterations of `.all`, `.exists`, `.exists_one`, `.map` and `.filter`
    /// one outermost comprehension may take on one event, nested ones
    /// included. Three nested `.all` over 1,000-item lists once took 47 s
    /// an event (and three nested `.map` 15 GB); past the budget the
    /// evaluation fails, and the event is rejected naming the rule.
    public static let comprehensionBudget = 1_000_000

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
