import RubricSyntax

/// The roster attributes a rubric declares, and the names that refer to
/// them: a rule's `units:` filter and `periods.rank_within`. Like event
/// fields, an attribute is declared once and every use is resolved against
/// the declaration, so a misspelt kind is an error here rather than a rule
/// that silently applies to no unit.
extension RubricChecker {
    mutating func checkRoster() -> [CheckedRubric.RosterAttribute] {
        var out: [CheckedRubric.RosterAttribute] = []
        var seen = Set<String>()
        for a in doc.roster {
            if a.name.value == "unit" {
                diags.error(.badValue, Message("bad-value.unit-roster-s-unit"), at: a.name.span,
                            help: Message("bad-value.unit-roster-s-unit.help"))
                continue
            }
            var values = Set<String>()
            for v in a.values where !values.insert(v.value).inserted {
                diags.error(.duplicateId, Message("duplicate-id.value-roster-attribute-listed", ["v": "\(v.value)", "name": "\(a.name.value)"]), at: v.span)
            }
            guard seen.insert(a.name.value).inserted else { continue }
            out.append(.init(name: a.name.value, title: a.title, values: a.values.map(\.value), required: a.required?.value ?? true))
        }
        let declared = Dictionary(out.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        if let g = doc.periods.rankWithin { _ = attribute(g, declared, use: "`rank_within`") }
        let filters = doc.allRules.map(\.units) + doc.categories.flatMap { $0.items.map(\.units) }
        for units in filters {
            for (name, values) in units {
                guard let a = attribute(name, declared, use: "`units:`"), !a.values.isEmpty else { continue }
                for v in values where !a.values.contains(v.value) {
                    diags.error(.enumValue, Message("enum-value.not-value-roster-attribute", ["v": "\(v.value)", "name": "\(a.name)", "values": .list(a.values.map { .text($0) })]), at: v.span,
                                help: Suggestion.help(for: v.value, in: a.values))
                }
            }
        }
        return out
    }

    /// The declaration `name` refers to, or an error at the use.
    mutating func attribute(_ name: Located<String>, _ declared: [String: CheckedRubric.RosterAttribute], use: String) -> CheckedRubric.RosterAttribute? {
        if let a = declared[name.value] { return a }
        let help = Suggestion.nearest(to: name.value, in: declared.keys.sorted()).map { Message("suggestion.did-you-mean", ["name": "\($0)"]) }
            ?? Message("unknown-attribute.declare.help", ["name": "\(name.value)"])
        diags.error(.unknownAttribute, Message("unknown-attribute.reads-roster-attribute-which", ["use": "\(use)", "name": "\(name.value)"]), at: name.span, help: help)
        return nil
    }

    /// The items of a category that apply only to some units and have a
    /// share of its maximum. Their shares must leave something to score out
    /// of, and the maximum stays small enough for the rescaling (score ×
    /// max / the rest, in micro-points) to be exact in 64 bits everywhere.
    mutating func checkShares(_ c: CategoryDecl, max: Fixed) -> [CheckedRubric.ItemShare] {
        var out: [CheckedRubric.ItemShare] = []
        for item in c.items {
            for (attribute, values) in item.units where values.isEmpty {
                diags.error(.badValue, Message("bad-value.units-lists-no-values-2", ["attribute": "\(attribute.value)"]), at: attribute.span,
                            help: Message("bad-value.units-lists-no-values.help", ["attribute": "\(attribute.value)"]))
            }
            guard let m = item.max else { continue }
            if m.value <= .zero { diags.error(.badValue, Message("bad-value.item-s-max-share"), at: m.span) }
            guard !item.units.isEmpty, m.value > .zero else { continue }
            out.append(.init(number: item.number.value, title: item.title.value, max: m.value,
                             units: Dictionary(item.units.map { ($0.attribute.value, Set($0.values.map(\.value))) }, uniquingKeysWith: { $0.union($1) })))
        }
        guard !out.isEmpty, let last = c.items.last(where: { $0.max != nil && !$0.units.isEmpty })?.max else { return out }
        let total = out.reduce(Fixed.zero) { ($0 + $1.max) ?? $0 }
        if total >= max {
            diags.error(.badValue, Message("bad-value.items-that-apply-only", ["total": "\(total)", "max": "\(max)"]),
                        at: last.span, help: Message("bad-value.items-that-apply-only.help"))
        }
        if let mn = c.min, mn.value.map({ $0 < Fixed(-1000)! }) ?? true {
            diags.error(.badValue, Message("bad-value.category-rescaled-for-items"), at: mn.span,
                        help: Message("bad-value.category-rescaled-for-items.help"))
        }
        if max > Fixed(1000)! {
            diags.error(.badValue, Message("bad-value.category-rescaled-for-items-2", ["max": "\(max)"]), at: c.max?.span ?? c.span,
                        help: Message("bad-value.category-rescaled-for-items-2.help"))
        }
        return out
    }
}
