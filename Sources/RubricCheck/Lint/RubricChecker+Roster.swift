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
                diags.error(.badValue, "`unit` is the roster's unit column, not an attribute", at: a.name.span,
                            help: "declare only the other columns, such as `kind`")
                continue
            }
            var values = Set<String>()
            for v in a.values where !values.insert(v.value).inserted {
                diags.error(.duplicateId, "value `\(v.value)` of roster attribute `\(a.name.value)` is listed twice", at: v.span)
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
                    diags.error(.enumValue, "`\(v.value)` is not a value of roster attribute `\(a.name)` (\(a.values.joined(separator: ", ")))", at: v.span,
                                help: Suggestion.help(for: v.value, in: a.values))
                }
            }
        }
        return out
    }

    /// The declaration `name` refers to, or an error at the use.
    mutating func attribute(_ name: Located<String>, _ declared: [String: CheckedRubric.RosterAttribute], use: String) -> CheckedRubric.RosterAttribute? {
        if let a = declared[name.value] { return a }
        let help = Suggestion.nearest(to: name.value, in: declared.keys.sorted()).map { "did you mean `\($0)`?" }
            ?? "declare it, with the values a roster may give: `roster: {\(name.value): {values: [...]}}`"
        diags.error(.unknownAttribute, "\(use) reads roster attribute `\(name.value)`, which the rubric does not declare under `roster:`", at: name.span, help: help)
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
                diags.error(.badValue, "`units.\(attribute.value)` lists no values, so the item applies to no unit", at: attribute.span,
                            help: "list the roster values it applies to: `\(attribute.value): [窗口单位]`")
            }
            guard let m = item.max else { continue }
            if m.value <= .zero { diags.error(.badValue, "an item's `max` is its share of the category's maximum: a positive number", at: m.span) }
            guard !item.units.isEmpty, m.value > .zero else { continue }
            out.append(.init(number: item.number.value, title: item.title.value, max: m.value,
                             units: Dictionary(item.units.map { ($0.attribute.value, Set($0.values.map(\.value))) }, uniquingKeysWith: { $0.union($1) })))
        }
        guard !out.isEmpty, let last = c.items.last(where: { $0.max != nil && !$0.units.isEmpty })?.max else { return out }
        let total = out.reduce(Fixed.zero) { ($0 + $1.max) ?? $0 }
        if total >= max {
            diags.error(.badValue, "the items that apply only to some units add up to \(total), not less than the category's maximum \(max): a unit none of them applies to would be scored out of nothing",
                        at: last.span, help: "an item's `max` is its share of the category: together they must leave part of it")
        }
        if let mn = c.min, mn.value.map({ $0 < Fixed(-1000)! }) ?? true {
            diags.error(.badValue, "a category rescaled for items that do not apply needs a floor of at least -1000", at: mn.span,
                        help: "the rescaled score is the floor at the lowest; leave `min` out (0) or give a number")
        }
        if max > Fixed(1000)! {
            diags.error(.badValue, "a category rescaled for items that do not apply can have a maximum of at most 1000 (this one: \(max))", at: c.max?.span ?? c.span,
                        help: "rescaling multiplies the score by the maximum in micro-points, exactly")
        }
        return out
    }
}
