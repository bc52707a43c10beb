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
                diags.error(.duplicateId, Message("duplicate-id.category-id-used-twice", ["id": "\(c.id.value)"]), at: c.id.span,
                            help: Message("duplicate-id.category-id-used-twice.help", ["line": "\(first.start.line)"]))
            }
            seenCategory[c.id.value] = c.id.span
            let max = c.max ?? Located(.zero, c.span)
            if c.max != nil && max.value <= .zero {
                diags.error(.badValue, Message("bad-value.category-needs-positive-max", ["id": "\(c.id.value)"]), at: max.span)
            }
            if let mn = c.min, let floor = mn.value, floor > max.value {
                diags.error(.badValue, Message("bad-value.category-has-min-above", ["id": "\(c.id.value)", "floor": "\(floor)", "max": "\(max.value)"]), at: mn.span)
            }
            for item in c.items where !item.number.value.isEmpty {
                if let first = seenItem[item.number.value] {
                    diags.error(.duplicateId, Message("duplicate-id.item-number-used-twice", ["number": "\(item.number.value)"]), at: item.number.span,
                                help: Message("duplicate-id.item-number-used-twice.help", ["line": "\(first.start.line)"]))
                }
                seenItem[item.number.value] = item.number.span
                if item.rules.isEmpty {
                    diags.warning(.emptyItem, Message("empty-item.item-has-no-rules", ["number": "\(item.number.value)"]), at: item.number.span)
                }
            }
            if let b = c.bonusMax, b.value <= .zero {
                diags.error(.badValue, Message("bad-value.bonus-max-must-positive"), at: b.span)
            }
            var category = CheckedRubric.Category(id: c.id.value, title: c.title.value, max: max.value, min: c.min.map(\.value) ?? .zero, bonusMax: c.bonusMax?.value)
            category.shares = checkShares(c, max: max.value)
            if let r = c.round { category.round = (r.places.value, r.mode.value != "half_even") }
            categories.append(category)
        }
        if doc.categories.isEmpty && doc.adjustments.isEmpty {
            diags.error(.missingKey, Message("missing-key.rubric-has-no-categories"), at: .file(doc.file))
        }
        var grades: [CheckedRubric.Grade] = []
        var seenGrade = Set<String>()
        for g in doc.grades {
            if !seenGrade.insert(g.name.value).inserted {
                diags.error(.duplicateId, Message("duplicate-id.grade-listed-twice", ["name": "\(g.name.value)"]), at: g.name.span)
            }
            if let q = g.quota, q.value <= .zero || q.value > Fixed(100)! {
                diags.error(.badValue, Message("bad-value.grade-s-quota-percentage"), at: q.span)
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
            diags.error(.badValue, Message("bad-value.combine-weighted-needs-weights", ["perYear": "\(perYear)", "assess": "\(periods.assess.value.rawValue)", "yearWeightsListed": "\(periods.yearWeightsListed)"]),
                        at: periods.yearCombine.span, help: Message("bad-value.combine-weighted-needs-weights.help", ["Array": "\(Array(repeating: "1", count: perYear).joined(separator: ", "))"]))
        } else if periods.yearCombine.value == .weighted && periods.yearWeights.count == perYear {
            // Weights are shares of the year: small whole numbers, not all zero (else no period counts).
            for w in periods.yearWeights where w.value > Self.maxWeight {
                diags.error(.badValue, Message("bad-value.weight-out-range-at", ["w": "\(w.value)", "maxWeight": "\(Self.maxWeight)"]), at: w.span,
                            help: Message("bad-value.weight-out-range-at.help"))
            }
            if periods.yearWeights.allSatisfy({ $0.value == 0 }) {
                diags.error(.badValue, Message("bad-value.weights-add-up-0"), at: periods.yearWeights[0].span,
                            help: Message("bad-value.weights-add-up-0.help"))
            }
        } else if periods.yearCombine.value != .weighted, let w = periods.yearWeights.first {
            diags.error(.conflictingKeys, Message("conflicting-keys.weights-only-applies-combine"), at: w.span)
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

    mutating func checkBounds(_ b: BoundsDecl, _ what: Message.Argument) {
        if let lo = b.min, let hi = b.max, lo.value > hi.value {
            diags.error(.badValue, Message("bad-value.has-min-above-max", ["what": what, "lo": "\(lo.value)", "hi": "\(hi.value)"]), at: lo.span)
        }
    }

    mutating func warnUnusedTypes() {
        var used = Set<String>()
        for r in doc.allRules { used.formUnion(r.on.map(\.value)); used.formUnion(r.absence?.on.map(\.value) ?? []) }
        // A base's type that an overlay no longer scores stays declared, so that its events are still read.
        for t in doc.events.types where !t.name.value.isEmpty && t.name.span.file == doc.file {
            if !used.contains(t.name.value) {
                diags.warning(.unusedType, Message("unused-type.event-type-declared-but", ["name": "\(t.name.value)"]), at: t.name.span,
                              help: Message("unused-type.event-type-declared-but.help"))
            }
        }
    }
}
