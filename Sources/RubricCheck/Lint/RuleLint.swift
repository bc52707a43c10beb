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
                let why: Message.Argument = .phrase(declared.isEmpty ? "never-matches.contradiction" : "never-matches.ranges")
                diagnostics.append(.warning(.neverMatches, Message("never-matches.condition-rule-can-never", ["id": "\(r.id)", "why": why]),
                                            at: w.source.span, help: Message("never-matches.condition-rule-can-never.help")))
            }
            lintCap(r)
            if case .constant(let p) = r.points, p == .zero, r.veto == nil {
                diagnostics.append(.warning(.zeroPoints, Message("zero-points.rule-scores-0-points", ["id": "\(r.id)"]), at: r.span,
                                            help: Message("zero-points.rule-scores-0-points.help")))
            }
        }
        lintOverlaps(rules, sets)
    }

    mutating func lintCap(_ r: CheckedRubric.Rule) {
        guard let cap = r.cap else { return }
        if r.absence != nil, case .constant(let p) = r.points, p.magnitude <= cap {
            diagnostics.append(.warning(.capNeverBinds, Message("cap-never-binds.cap-absence-rule-can", ["cap": "\(cap)", "id": "\(r.id)", "p": "\(p)"]),
                                        at: r.span, help: Message("cap-never-binds.cap-absence-rule-can.help")))
            return
        }
        if case .table(_, let entries, let otherwise) = r.points {
            let all = Array(entries.values) + (otherwise.map { [$0] } ?? [])
            if all.allSatisfy({ $0 == .zero }) {
                diagnostics.append(.warning(.capNeverBinds, Message("cap-never-binds.cap-rule-can-never", ["id": "\(r.id)"]), at: r.span))
            }
        }
        if let ci = r.category, doc.categories[ci].max != nil, cap > categories[ci].max {
            diagnostics.append(.warning(.capExceedsMax, Message("cap-exceeds-max.cap-rule-larger-than", ["cap": "\(cap)", "id": "\(r.id)", "p": "\(categories[ci].id)", "p2": "\(categories[ci].max)"]),
                                        at: r.span, help: Message("cap-exceeds-max.cap-rule-larger-than.help", ["p": "\(categories[ci].max)"])))
        }
    }

    /// Two rules of one category (or two adjustments of one scope) that can
    /// match the same event count it twice.
    mutating func lintOverlaps(_ rules: [CheckedRubric.Rule], _ sets: [Constraints]) {
        // Only rules sharing an event type can both match: each rule meets the
        // earlier rules of its types (not every earlier rule: 500 rules are
        // 125,000 pairs), in the order of the pairs as before.
        var byType: [Int: [Int]] = [:]
        for j in rules.indices where rules[j].absence == nil {
            var earlier = Set<Int>()
            for t in rules[j].types { earlier.formUnion(byType[t] ?? []) }
            for t in Set(rules[j].types) { byType[t, default: []].append(j) }
            for i in earlier.sorted() {
                let (a, b) = (rules[i], rules[j])
                // A veto that scores nothing counts nothing twice.
                if [a, b].contains(where: { if case .constant(let p) = $0.points, p == .zero, $0.veto != nil { return true } else { return false } }) { continue }
                guard a.category == b.category, a.category != nil || a.scope == b.scope else { continue }
                let shared = Set(a.types).intersection(b.types)
                guard !shared.isEmpty else { continue }
                var both = sets[i]
                both.merge(sets[j])
                if both.isEmpty { continue }
                let names = Message.Argument.code(shared.sorted().map { schema.types[$0].name })
                let place: Message.Argument = a.category.map { .phrase("what.category", ["id": "\(categories[$0].id)"]) }
                    ?? .phrase("what.adjustments", ["scope": "\(a.scope.rawValue)"])
                diagnostics.append(.warning(.doubleCounting, Message("double-counting.rules-can-both-match", ["id": "\(a.id)", "id2": "\(b.id)", "place": place, "names": names]),
                                            at: b.span, help: Message("double-counting.rules-can-both-match.help")))
            }
        }
    }
}
