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
        for r in doc.allRules {
            for (name, values) in r.units {
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
}
