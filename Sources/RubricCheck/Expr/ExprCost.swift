import RubricSyntax

/// What an expression's comprehensions may cost on one event, estimated
/// from its text as cel-go's checker does: lint refuses an expression whose
/// estimate passes the budget the evaluator enforces
/// (`comprehensionBudget`), so a rule that would be rejected on every event
/// is an error where it is written.
public enum ExprCost {
    /// Iterations of `.all`, `.exists`, `.exists_one`, `.map` and `.filter`
    /// one outermost comprehension may take on one event, nested ones
    /// included. Three nested `.all` over 1,000-item lists once took 47 s
    /// an event (and three nested `.map` 15 GB).
    public static let comprehensionBudget = 1_000_000

    /// The most comprehension iterations `e` can take: a comprehension costs
    /// its range's size times its body and filter; a range's size is known
    /// for list and map literals and for `.map`/`.filter` of them (event
    /// fields are single values). Saturates just past the budget.
    public static func estimate(_ e: Expr) -> Int {
        cost(e)
    }

    static let cap = comprehensionBudget + 1

    static func cost(_ e: Expr) -> Int {
        if case .comprehension(_, _, let range, let filter, let body) = e.kind {
            let each = min(cap, 1 + cost(body) + (filter.map(cost) ?? 0))
            let (product, overflow) = size(range).multipliedReportingOverflow(by: each)
            return min(cap, cost(range) + (overflow ? cap : product))
        }
        return min(cap, e.children.reduce(0) { min(cap, $0 + cost($1)) })
    }

    /// Items a comprehension over `e` visits, when the text tells (else 1).
    static func size(_ e: Expr) -> Int {
        switch e.kind {
        case .list(let items): return items.count
        case .map(let entries): return entries.count
        case .comprehension(let macro, _, let range, _, _) where macro == .map || macro == .filter: return size(range)
        default: return 1
        }
    }
}
