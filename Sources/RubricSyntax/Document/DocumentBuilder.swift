import Yams

/// Builds a `RubricDocument` from the YAML tree. Missing required values
/// are reported and replaced by empty placeholders so that reading goes on.
struct DocumentBuilder {
    let r: YAMLReader

    init(_ reader: YAMLReader) { r = reader }

    func placeholder(_ node: Node?) -> Located<String> { Located("", r.span(node)) }

    func build(_ root: Node) -> RubricDocument? {
        guard let top = r.mapping(root, "the rules file") else { return nil }
        if let key = top.keyNode("tests") {
            r.error(.wrongKind, Message("wrong-kind.this-rule-test-file"), key,
                    help: Message("wrong-kind.this-rule-test-file.help", ["file": "\(r.file)"]))
            return nil
        }
        // An overlay's `extends` and `remove` are taken out when it is merged onto its base.
        r.checkKeys(top, allowed: RubricKeys.file.allowed + ["remove"], required: RubricKeys.file.required, what: "the rules file")
        if let key = top.keyNode("remove") {
            r.error(.conflictingKeys, Message("conflicting-keys.remove-belongs-overlay-file"), key,
                    help: Message("conflicting-keys.remove-belongs-overlay-file.help"))
        }
        let meta = buildMeta(top.value("rubric"), root)
        let periods = buildPeriods(top.value("periods"), root)
        let events = EventSchemaBuilder(r: r).build(top.value("events"), root)
        let roster = buildRoster(top.value("roster"))
        let categories = r.sequence(top.value("categories"), "`categories`").compactMap(buildCategory)
        let adjustments = r.sequence(top.value("adjustments"), "`adjustments`").compactMap { buildRule($0, inCategory: false) }
        let grades = r.sequence(top.value("grades"), "`grades`").compactMap(buildGrade)
        return RubricDocument(file: r.file, chain: r.chain, meta: meta, periods: periods, events: events, roster: roster,
                              categories: categories, adjustments: adjustments, grades: grades)
    }

    func buildMeta(_ node: Node?, _ parent: Node) -> MetaDecl {
        let m = r.mapping(node, "`rubric`")
        if let m { r.checkKeys(m, RubricKeys.meta, what: "`rubric`") }
        let effective = r.string(m?.value("effective"), "`effective`")
        if let e = effective, case .failure(let problem) = DateText.parse(e.value) {
            if problem == .noSuchDay {
                r.error(.badDate, Message("bad-date.effective-day-that-does", ["e": "\(e.value)"]), m?.value("effective"),
                        help: Message("bad-date.effective-day-that-does.help", ["prefix": "\(e.value.prefix(8))"]))
            } else {
                r.error(.badDate, Message("bad-date.effective-must-date-yyyy", ["e": "\(e.value)"]), m?.value("effective"),
                        help: Message("bad-date.effective-must-date-yyyy.help"))
            }
        }
        return MetaDecl(id: r.string(m?.value("id"), "`id`") ?? placeholder(node ?? parent),
                        title: r.string(m?.value("title"), "`title`") ?? placeholder(node ?? parent),
                        version: r.string(m?.value("version"), "`version`") ?? placeholder(node ?? parent),
                        effective: effective ?? placeholder(node ?? parent),
                        description: r.string(m?.value("description"), "`description`")?.value,
                        language: buildLanguage(m?.value("language")))
    }

    /// `language: zh`: the language of the rubric's titles and of its output.
    func buildLanguage(_ node: Node?) -> Located<Language>? {
        guard let text = r.string(node, "`language`") else { return nil }
        guard let language = Language(rawValue: text.value) else {
            let names = Language.allCases.map(\.rawValue)
            r.error(.badValue, Message("bad-value.language-cannot-output-written", ["value": "\(text.value)", "names": .list(names.map { .text($0) })]), node,
                    help: Suggestion.help(for: text.value, in: names))
            return nil
        }
        return Located(language, text.span)
    }

    /// `roster:` attribute name -> `{title, values, required}`, or a list of values.
    func buildRoster(_ node: Node?) -> [RosterAttributeDecl] {
        guard let m = r.mapping(node, "`roster`") else { return [] }
        return m.entries.compactMap { e in
            let name = Located(e.key, r.span(e.keyNode))
            if case .sequence = e.value {
                return RosterAttributeDecl(name: name, title: nil, values: r.names(e.value, "the values of `\(e.key)`"), required: nil)
            }
            guard let a = r.mapping(e.value, "roster attribute `\(e.key)`") else { return nil }
            r.checkKeys(a, RubricKeys.rosterAttribute, what: "roster attribute `\(e.key)`")
            if let v = a.value("values"), case .sequence(let s) = v, s.isEmpty {
                r.error(.wrongKind, Message("wrong-kind.values-lists-no-value"), v,
                        help: Message("wrong-kind.values-lists-no-value.help"))
            }
            return RosterAttributeDecl(name: name, title: r.string(a.value("title"), "`title`")?.value,
                                       values: r.names(a.value("values"), "the values of `\(e.key)`"),
                                       required: r.bool(a.value("required"), "`required`"))
        }
    }

    func buildBounds(_ node: Node?, _ what: Message.Argument) -> BoundsDecl {
        guard let m = r.mapping(node, what) else { return BoundsDecl() }
        r.checkKeys(m, RubricKeys.bounds, what: what)
        return BoundsDecl(min: r.fixed(m.value("min"), "`min`"), max: r.fixed(m.value("max"), "`max`"))
    }

    func buildPeriods(_ node: Node?, _ parent: Node) -> PeriodsDecl {
        let m = r.mapping(node, "`periods`")
        if let m { r.checkKeys(m, RubricKeys.periods, what: "`periods`") }
        let assess = r.choice(m?.value("assess"), "`assess`", PeriodKind.self) ?? Located(.quarter, r.span(node ?? parent))
        var total = BoundsDecl()
        if let tm = r.mapping(m?.value("total"), "`total`") {
            r.checkKeys(tm, RubricKeys.total, what: "`total`")
            total = BoundsDecl(min: r.optionalBound(tm.value("min"), "`min`"), max: r.optionalBound(tm.value("max"), "`max`"),
                               bonusMax: r.fixed(tm.value("bonus_max"), "`bonus_max`"))
        }
        let y = r.mapping(m?.value("year"), "`year`")
        if let y { r.checkKeys(y, RubricKeys.year, what: "`year`") }
        let combine = r.choice(y?.value("combine"), "`combine`", CombineKind.self) ?? Located(.mean, r.span(node ?? parent))
        let rounding = buildRounding(y?.value("round"))
        var yearBounds = BoundsDecl()
        if let y {
            yearBounds = BoundsDecl(min: r.optionalBound(y.value("min"), "`min`"), max: r.optionalBound(y.value("max"), "`max`"),
                                    bonusMax: r.fixed(y.value("bonus_max"), "`bonus_max`"))
        }
        var periods = PeriodsDecl(assess: assess, rankWithin: r.string(m?.value("rank_within"), "`rank_within`"), total: total,
                                  yearCombine: combine, yearRound: rounding, yearBounds: yearBounds)
        let listed = r.sequence(y?.value("weights"), "`weights`")
        periods.yearWeightsListed = listed.count
        periods.yearWeights = listed.compactMap { r.int($0, "a weight", min: 0) }
        return periods
    }

    /// `round: {places: 2, mode: half_up}`.
    func buildRounding(_ rn: Node?) -> RoundingDecl? {
        guard let rn, let rm = r.mapping(rn, "`round`") else { return nil }
        r.checkKeys(rm, RubricKeys.round, what: "`round`")
        let places = r.int(rm.value("places"), "`places`", min: 0) ?? Located(2, r.span(rn))
        if places.value > Fixed.digits {
            r.error(.badValue, Message("bad-value.places-can-at-most", ["digits": "\(Fixed.digits)"]), rm.value("places"))
        }
        let mode = r.string(rm.value("mode"), "`mode`") ?? Located("half_up", r.span(rn))
        if !["half_up", "half_even"].contains(mode.value) {
            r.error(.badValue, Message("bad-value.rounding-mode-cannot", ["mode": "\(mode.value)"]), rm.value("mode"),
                    help: Suggestion.help(for: mode.value, in: ["half_up", "half_even"]))
        }
        return RoundingDecl(places: Located(min(places.value, Fixed.digits), places.span), mode: mode)
    }

    func buildCategory(_ node: Node) -> CategoryDecl? {
        guard let m = r.mapping(node, "a category") else { return nil }
        r.checkKeys(m, RubricKeys.category, what: "a category")
        let items = r.sequence(m.value("items"), "`items`").compactMap(buildItem)
        return CategoryDecl(id: r.string(m.value("id"), "`id`") ?? placeholder(node),
                            title: r.string(m.value("title"), "`title`") ?? placeholder(node),
                            max: categoryMax(m.value("max")),
                            min: r.bound(m.value("min"), "`min`"),
                            items: items, bonusMax: r.fixed(m.value("bonus_max"), "`bonus_max`"),
                            round: buildRounding(m.value("round")), span: r.span(node))
    }

    /// A category's `max` is the score it starts from, so it cannot be open.
    func categoryMax(_ node: Node?) -> Located<Fixed>? {
        if let node, case .scalar(let s) = node, s.style == .plain, s.string == "none" {
            r.error(.badValue, Message("bad-value.category-s-max-score"), node,
                    help: Message("bad-value.category-s-max-score.help"))
            return nil
        }
        return r.fixed(node, "`max`")
    }

    func buildItem(_ node: Node) -> ItemDecl? {
        guard let m = r.mapping(node, "an item") else { return nil }
        r.checkKeys(m, RubricKeys.item, what: "an item")
        return ItemDecl(number: r.string(m.value("number"), "`number`") ?? placeholder(node),
                        title: r.string(m.value("title"), "`title`") ?? placeholder(node),
                        rules: r.sequence(m.value("rules"), "`rules`").compactMap { buildRule($0, inCategory: true) },
                        bonusIfNoDeductions: r.bool(m.value("bonus_if_no_deductions"), "`bonus_if_no_deductions`"),
                        max: r.fixed(m.value("max"), "`max`"), units: unitFilter(m.value("units")))
    }

    func buildGrade(_ node: Node) -> GradeDecl? {
        guard let m = r.mapping(node, .phrase("what.grade")) else { return nil }
        r.checkKeys(m, RubricKeys.grade, what: .phrase("what.grade"))
        guard let name = r.string(m.value("name"), "`name`"), let min = r.fixed(m.value("min"), "`min`") else { return nil }
        return GradeDecl(name: name, min: min, quota: r.fixed(m.value("quota"), "`quota`"))
    }

    func buildRule(_ node: Node, inCategory: Bool) -> RuleDecl? {
        let what: Message.Argument = .phrase(inCategory ? "what.rule" : "what.adjustment")
        guard let m = r.mapping(node, what) else { return nil }
        let isAbsence = m.value("absent") != nil
        r.checkKeys(m, isAbsence ? RubricKeys.absenceRule : m.value("veto") != nil ? RubricKeys.vetoRule : RubricKeys.rule, what: what)
        var absence: AbsenceDecl?
        if let an = m.value("absent"), let am = r.mapping(an, "`absent`") {
            r.checkKeys(am, RubricKeys.absent, what: "`absent`")
            absence = AbsenceDecl(on: r.names(am.value("on"), "`on`"),
                                  when: am.value("when").flatMap { r.expression($0, "`when`") },
                                  atLeast: r.int(am.value("at_least"), "`at_least`", min: 1) ?? Located(1, r.span(an)),
                                  every: r.choice(am.value("every"), "`every`", PeriodKind.self) ?? Located(.month, r.span(an)),
                                  span: r.span(an))
            if m.value("on") != nil {
                r.error(.conflictingKeys, Message("conflicting-keys.absence-rule-takes-event"), m.keyNode("on"),
                        help: Message("conflicting-keys.absence-rule-takes-event.help"))
            }
        }
        var rule = RuleDecl(id: r.string(m.value("id"), "`id`") ?? placeholder(node),
                        title: r.string(m.value("title"), "`title`")?.value,
                        on: r.names(m.value("on"), "`on`"),
                        when: m.value("when").flatMap { r.expression($0, "`when`") },
                        points: buildPoints(m.value("points"), node)
                            ?? (m.value("veto") != nil && m.value("points") == nil ? .constant(Located(.zero, r.span(node))) : nil),
                        cap: capMax(m.value("cap")),
                        capPer: capPer(m.value("cap")),
                        capOver: capOver(m.value("cap")),
                        capMissing: capMissing(m.value("cap")),
                        scope: r.choice(m.value("scope"), "`scope`", PeriodKind.self),
                        absence: absence, veto: r.string(m.value("veto"), "`veto`"),
                        units: unitFilter(m.value("units")), span: r.span(node))
        rule.combine = r.choice(m.value("combine"), "`combine`", RuleCombine.self)
        rule.onWritten = m.value("on") != nil
        return rule
    }

    /// `units: {kind: [窗口单位, 执法单位]}`: roster attributes and their accepted values.
    func unitFilter(_ node: Node?) -> [(attribute: Located<String>, values: [Located<String>])] {
        guard let m = r.mapping(node, "`units`") else { return [] }
        return m.entries.map { e in (Located(e.key, r.span(e.keyNode)), r.names(e.value, "the values of `\(e.key)`")) }
    }

    /// `cap: 2`, or `cap: {max: 4, per: person}`, or `cap: {max: 6, over: year}`.
    func capMax(_ node: Node?) -> Located<Fixed>? {
        guard let node else { return nil }
        if case .mapping = node, let m = r.mapping(node, "`cap`") {
            r.checkKeys(m, RubricKeys.capPer, what: "a cap")
            return r.fixed(m.value("max"), "`max`")
        }
        return r.fixed(node, "`cap`")
    }

    func capPer(_ node: Node?) -> Located<String>? {
        guard let node, case .mapping = node, let m = r.mapping(node, "`cap`") else { return nil }
        return r.string(m.value("per"), "`per`")
    }

    func capMissing(_ node: Node?) -> Located<CapMissing>? {
        guard let node, case .mapping = node, let m = r.mapping(node, "`cap`") else { return nil }
        return r.choice(m.value("missing"), "`missing`", CapMissing.self)
    }

    func capOver(_ node: Node?) -> Located<PeriodKind>? {
        guard let node, case .mapping = node, let m = r.mapping(node, "`cap`") else { return nil }
        return r.choice(m.value("over"), "`over`", PeriodKind.self)
    }

    /// `{steps: [-2, -2], then: -3}`, or `{first: -1, then: -2}`.
    func buildSteps(_ m: YAMLReader.Mapping, _ node: Node) -> PointsDecl? {
        r.checkKeys(m, RubricKeys.repeatedPoints, what: "occurrence steps")
        var steps: [Located<Fixed>] = []
        if m.value("first") != nil && m.value("steps") != nil {
            r.error(.conflictingKeys, Message("conflicting-keys.write-first-occurrence-s"), m.value("first"))
            return nil
        }
        if let first = m.value("first") {
            guard let v = r.fixed(first, "`first`") else { return nil }
            steps = [v]
        } else if let list = m.value("steps") {
            guard case .sequence(let items) = list, !items.isEmpty else {
                r.error(.wrongKind, Message("wrong-kind.steps-must-list-points"), list)
                return nil
            }
            for item in items {
                guard let v = r.fixed(item, "a step") else { return nil }
                steps.append(v)
            }
        } else {
            r.error(.missingKey, Message("missing-key.then-prices-occurrences-after"), node,
                    help: Message("missing-key.then-prices-occurrences-after.help"))
            return nil
        }
        let then = m.value("then").flatMap { r.fixed($0, "`then`") }
        if m.value("then") != nil && then == nil { return nil }
        return .steps(steps: steps, then: then, span: r.span(node))
    }

    func buildPoints(_ node: Node?, _ rule: Node) -> PointsDecl? {
        guard let node else { return nil }
        switch node {
        case .scalar(let s):
            if s.style == .plain, let v = Fixed(parsing: s.string) { return .constant(Located(v, r.span(node))) }
            if let e = r.expression(node, "`points`") { return .expression(e) }
        case .mapping:
            if let m = r.mapping(node, "`points`"), m.value("first") != nil || m.value("then") != nil || m.value("steps") != nil {
                return buildSteps(m, node)
            }
            if let m = r.mapping(node, "`points`") {
                r.checkKeys(m, RubricKeys.pointsTable, what: "a points table")
                var entries: [(key: Located<String>, points: Located<Fixed>)] = []
                if let t = r.mapping(m.value("table"), "`table`") {
                    for e in t.entries {
                        if let v = r.fixed(e.value, "the points for `\(e.key)`") {
                            entries.append((Located(e.key, r.span(e.keyNode)), v))
                        }
                    }
                }
                return .table(by: r.string(m.value("by"), "`by`") ?? placeholder(node), entries: entries,
                              otherwise: r.fixed(m.value("default"), "`default`"), span: r.span(node))
            }
        default:
            r.error(.wrongKind, Message("wrong-kind.points-must-number-expression", ["describe": r.describe(node)]), node)
        }
        return nil
    }
}
