import RubricSyntax

/// Checks one rubric document: resolves every name, types every
/// expression against the event schema, and runs the lint checks. Returns
/// the checked rubric when there is no error, and all diagnostics.
public struct RubricChecker {
    let doc: RubricDocument
    var diags = Diagnostics()
    /// The largest weight of a period in `combine: weighted`: weights are shares of the year,
    /// and bounded so that Σ weight × total stays far inside the range of exact scores.
    static let maxWeight = 1000

    public static func check(_ doc: RubricDocument) -> (CheckedRubric?, [Diagnostic]) {
        var c = RubricChecker(doc: doc)
        let rubric = c.run()
        return (c.diags.hasErrors ? nil : rubric, c.diags.items)
    }

    init(doc: RubricDocument) { self.doc = doc }

    mutating func run() -> CheckedRubric? {
        let schema = checkSchema()
        let meta = checkMeta()
        let periods = doc.periods
        checkBounds(periods.total, "the period total")
        checkBounds(periods.yearBounds, "the year total")
        var categories: [CheckedRubric.Category] = []
        var seenCategory: [String: SourceSpan] = [:]
        var seenItem: [String: SourceSpan] = [:]
        // One entry per declared category (placeholders included) so rule indices stay aligned.
        for c in doc.categories {
            if !c.id.value.isEmpty, let first = seenCategory[c.id.value] {
                diags.error(.duplicateId, "category id `\(c.id.value)` is used twice", at: c.id.span,
                            help: "first used at line \(first.start.line); give each category its own id")
            }
            seenCategory[c.id.value] = c.id.span
            let max = c.max ?? Located(.zero, c.span)
            if c.max != nil && max.value <= .zero {
                diags.error(.badValue, "category `\(c.id.value)` needs a positive `max`", at: max.span)
            }
            if let mn = c.min, let floor = mn.value, floor > max.value {
                diags.error(.badValue, "category `\(c.id.value)` has `min` \(floor) above its `max` \(max.value)", at: mn.span)
            }
            for item in c.items where !item.number.value.isEmpty {
                if let first = seenItem[item.number.value] {
                    diags.error(.duplicateId, "item number \(item.number.value) is used twice", at: item.number.span,
                                help: "first used at line \(first.start.line)")
                }
                seenItem[item.number.value] = item.number.span
                if item.rules.isEmpty {
                    diags.warning(.emptyItem, "item \(item.number.value) has no rules and can never score", at: item.number.span)
                }
            }
            if let b = c.bonusMax, b.value <= .zero {
                diags.error(.badValue, "`bonus_max` must be a positive number of points", at: b.span)
            }
            var category = CheckedRubric.Category(id: c.id.value, title: c.title.value, max: max.value, min: c.min.map(\.value) ?? .zero, bonusMax: c.bonusMax?.value)
            category.shares = checkShares(c, max: max.value)
            if let r = c.round { category.round = (r.places.value, r.mode.value != "half_even") }
            categories.append(category)
        }
        if doc.categories.isEmpty && doc.adjustments.isEmpty {
            diags.error(.missingKey, "the rubric has no categories and no adjustments", at: .file(doc.file))
        }
        var grades: [CheckedRubric.Grade] = []
        var seenGrade = Set<String>()
        for g in doc.grades {
            if !seenGrade.insert(g.name.value).inserted {
                diags.error(.duplicateId, "grade `\(g.name.value)` is listed twice", at: g.name.span)
            }
            if let q = g.quota, q.value <= .zero || q.value > Fixed(100)! {
                diags.error(.badValue, "a grade's `quota` is a percentage above 0 and at most 100", at: q.span)
            }
            grades.append(.init(name: g.name.value, min: g.min.value, quota: g.quota?.value))
        }
        grades.sort { $0.min > $1.min }

        let roster = checkRoster()
        guard let schema else { return nil }
        var rules: [CheckedRubric.Rule] = []
        var ruleIds: [String: SourceSpan] = [:]
        for (ci, c) in doc.categories.enumerated() {
            for item in c.items {
                for r in item.rules {
                    if let rule = checkRule(r, schema: schema, category: ci, item: item, ids: &ruleIds) { rules.append(rule) }
                }
            }
        }
        for r in doc.adjustments {
            if let rule = checkRule(r, schema: schema, category: nil, item: nil, ids: &ruleIds) { rules.append(rule) }
        }
        var lint = RuleLint(schema: schema, categories: categories, assess: periods.assess.value, doc: doc)
        lint.run(rules)
        diags.add(contentsOf: lint.diagnostics)
        if !diags.items.contains(where: { $0.code == .unknownType }) { warnUnusedTypes() }

        guard let meta else { return nil }
        let round = periods.yearRound.map { (places: $0.places.value, halfUp: $0.mode.value != "half_even") }
        let perYear = 12 / periods.assess.value.months
        if periods.yearCombine.value == .weighted && periods.yearWeightsListed != perYear {
            diags.error(.badValue, "`combine: weighted` needs \(perYear) weights, one per \(periods.assess.value.rawValue) of the year, found \(periods.yearWeightsListed)",
                        at: periods.yearCombine.span, help: "write `weights: [\(Array(repeating: "1", count: perYear).joined(separator: ", "))]` with the whole-number weight of each")
        } else if periods.yearCombine.value == .weighted && periods.yearWeights.count == perYear {
            // Weights are shares of the year: small whole numbers, not all zero (else no period counts).
            for w in periods.yearWeights where w.value > Self.maxWeight {
                diags.error(.badValue, "a weight of \(w.value) is out of range (at most \(Self.maxWeight))", at: w.span,
                            help: "weights are shares: `[2, 2, 2, 9]` weighs the last quarter 9/15 of the year")
            }
            if periods.yearWeights.allSatisfy({ $0.value == 0 }) {
                diags.error(.badValue, "the weights add up to 0, so no period would count toward the year", at: periods.yearWeights[0].span,
                            help: "give at least one period a positive weight")
            }
        } else if periods.yearCombine.value != .weighted, let w = periods.yearWeights.first {
            diags.error(.conflictingKeys, "`weights` only applies to `combine: weighted`", at: w.span)
        }
        var checked = CheckedRubric(meta: meta, schema: schema, assess: periods.assess.value, rankWithin: periods.rankWithin?.value,
                             total: .init(min: periods.total.min?.value, max: periods.total.max?.value, bonusMax: periods.total.bonusMax?.value),
                             yearCombine: periods.yearCombine.value, yearRound: round,
                             yearBounds: .init(min: periods.yearBounds.min?.value, max: periods.yearBounds.max?.value,
                                               bonusMax: periods.yearBounds.bonusMax?.value),
                             categories: categories, rules: rules, grades: grades)
        checked.yearWeights = periods.yearWeights.map { Int64($0.value) }
        checked.roster = roster
        return checked
    }

    mutating func checkMeta() -> CheckedRubric.Meta? {
        let m = doc.meta
        guard case .success(let day) = DateText.parse(m.effective.value) else { return nil }
        return .init(id: m.id.value, title: m.title.value, version: m.version.value, effective: day,
                     description: m.description, language: m.language?.value, file: doc.file, chain: doc.chain)
    }

    mutating func checkBounds(_ b: BoundsDecl, _ what: String) {
        if let lo = b.min, let hi = b.max, lo.value > hi.value {
            diags.error(.badValue, "\(what) has `min` \(lo.value) above `max` \(hi.value)", at: lo.span)
        }
    }

    mutating func warnUnusedTypes() {
        var used = Set<String>()
        for r in doc.allRules { used.formUnion(r.on.map(\.value)); used.formUnion(r.absence?.on.map(\.value) ?? []) }
        // A base's type that an overlay no longer scores stays declared, so that its events are still read.
        for t in doc.events.types where !t.name.value.isEmpty && t.name.span.file == doc.file {
            if !used.contains(t.name.value) {
                diags.warning(.unusedType, "event type `\(t.name.value)` is declared but no rule uses it", at: t.name.span,
                              help: "events of this type will be accepted and score nothing; add a rule or remove the type")
            }
        }
    }
}
