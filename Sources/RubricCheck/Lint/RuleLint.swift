import RubricSyntax

/// Checks about rules that need the whole resolved rubric: conditions that
/// can never hold, caps that can never bind, and rules that would count
/// the same event twice.
struct RuleLint {
    let schema: Schema
    let categories: [CheckedRubric.Category]
    let assess: PeriodKind
    let doc: RubricDocument
    var diagnostics: [Diagnostic] = []

    mutating func run(_ rules: [CheckedRubric.Rule]) {
        var sets: [Constraints] = []
        for r in rules {
            let types = r.absence?.types ?? r.types
            var c = Constraints.of(r.absence?.when?.parsed.root ?? r.when?.parsed.root)
            // Rules for different kinds of unit never meet the same event.
            for (attribute, values) in r.units { c.fields["@unit." + attribute, default: .init()].merge(.init(allowed: values)) }
            let declared = c
            c.merge(.schemaBounds(schema, types: types))
            sets.append(c)
            if let w = r.absence?.when ?? r.when, c.isEmpty {
                let why = declared.isEmpty ? "it contradicts itself" : "the schema's ranges exclude every value it accepts"
                diagnostics.append(.warning(.neverMatches, "the condition of rule `\(r.id)` can never be true: \(why)",
                                            at: w.source.span, help: "the rule will never score; fix the comparison or remove the rule"))
            }
            lintCap(r)
            if case .constant(let p) = r.points, p == .zero, r.veto == nil {
                diagnostics.append(.warning(.zeroPoints, "rule `\(r.id)` scores 0 points", at: r.span,
                                            help: "give it points, or remove it"))
            }
        }
        lintOverlaps(rules, sets)
    }

    mutating func lintCap(_ r: CheckedRubric.Rule) {
        guard let cap = r.cap else { return }
        if r.absence != nil, case .constant(let p) = r.points, p.magnitude <= cap {
            diagnostics.append(.warning(.capNeverBinds, "the cap \(cap) of absence rule `\(r.id)` can never bind: it scores \(p) at most once per period",
                                        at: r.span, help: "remove `cap`"))
            return
        }
        if case .table(_, let entries, let otherwise) = r.points {
            let all = Array(entries.values) + (otherwise.map { [$0] } ?? [])
            if all.allSatisfy({ $0 == .zero }) {
                diagnostics.append(.warning(.capNeverBinds, "the cap of rule `\(r.id)` can never bind: every row scores 0", at: r.span))
            }
        }
        if let ci = r.category, doc.categories[ci].max != nil, cap > categories[ci].max {
            diagnostics.append(.warning(.capExceedsMax, "the cap \(cap) of rule `\(r.id)` is larger than its category `\(categories[ci].id)`'s maximum \(categories[ci].max); the category's clamp binds first",
                                        at: r.span, help: "lower the cap to at most \(categories[ci].max), or remove it"))
        }
    }

    /// Two rules of one category (or two adjustments of one scope) that can
    /// match the same event count it twice.
    mutating func lintOverlaps(_ rules: [CheckedRubric.Rule], _ sets: [Constraints]) {
        for j in rules.indices where rules[j].absence == nil {
            for i in 0..<j where rules[i].absence == nil {
                let (a, b) = (rules[i], rules[j])
                // A veto that scores nothing counts nothing twice.
                if [a, b].contains(where: { if case .constant(let p) = $0.points, p == .zero, $0.veto != nil { return true } else { return false } }) { continue }
                guard a.category == b.category, a.category != nil || a.scope == b.scope else { continue }
                let shared = Set(a.types).intersection(b.types)
                guard !shared.isEmpty else { continue }
                var both = sets[i]
                both.merge(sets[j])
                if both.isEmpty { continue }
                let names = shared.sorted().map { "`\(schema.types[$0].name)`" }.joined(separator: ", ")
                let place = a.category.map { "category `\(categories[$0].id)`" } ?? "the \(a.scope.rawValue) adjustments"
                diagnostics.append(.warning(.doubleCounting, "rules `\(a.id)` and `\(b.id)` in \(place) can both match the same \(names) event, which would then count twice",
                                            at: b.span, help: "make their `when` conditions exclusive (for example `level == 'city'` and `level != 'city'`), or merge them into one rule"))
            }
        }
    }
}
