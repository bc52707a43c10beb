import RubricSyntax

extension RubricChecker {
    /// Resolves and types one rule.
    mutating func checkRule(_ r: RuleDecl, schema: Schema, category: Int?, item: ItemDecl?,
                            ids: inout [String: SourceSpan]) -> CheckedRubric.Rule? {
        let before = diags.errorCount
        if !r.id.value.isEmpty {
            if let first = ids[r.id.value] {
                diags.error(.duplicateId, "rule id `\(r.id.value)` is used twice", at: r.id.span,
                            help: "first used at line \(first.start.line); rule ids name rules in explanations and tests, so each must be unique")
            }
            ids[r.id.value] = r.id.span
        }
        let assess = doc.periods.assess.value
        let scope = r.scope?.value ?? assess
        if let s = r.scope {
            if category != nil && s.value != assess {
                diags.error(.badScope, "a category rule scores in the assessment period (`\(assess.rawValue)`), not `\(s.value.rawValue)`", at: s.span,
                            help: "move the rule to `adjustments` to adjust the \(s.value.rawValue)'s total")
            } else if s.value < assess {
                diags.error(.badScope, "scope `\(s.value.rawValue)` is shorter than the assessment period `\(assess.rawValue)`", at: s.span,
                            help: "use `\(assess.rawValue)` or `year`")
            } else if s.value != assess && s.value != .year {
                diags.error(.badScope, "scope must be the assessment period `\(assess.rawValue)` or `year`", at: s.span)
            }
        }
        let types = resolveTypes(r.on, schema)
        let env = schema.checkEnvironment
        var when: CheckedExpr?
        if let w = r.when { when = checkCondition(w, env, schema, types) }

        var absence: CheckedRubric.Absence?
        if let a = r.absence {
            let atypes = resolveTypes(a.on, schema)
            var awhen: CheckedExpr?
            if let w = a.when { awhen = checkCondition(w, env, schema, atypes) }
            if a.every.value > scope {
                let shorter = PeriodKind.allCases.filter { $0 <= scope }.map { "`\($0.rawValue)`" }.joined(separator: ", ")
                diags.error(.badScope, "`every: \(a.every.value.rawValue)` is longer than the period the rule scores in (`\(scope.rawValue)`)", at: a.every.span,
                            help: "an absence rule checks each `every` period inside the period it scores in; use one of \(shorter)"
                                + (category == nil && scope != .year ? ", or give the rule `scope: year` to check each \(a.every.value.rawValue) of the year" : ""))
            }
            if r.when != nil {
                diags.error(.conflictingKeys, "an absence rule puts its condition in `absent.when`", at: r.when!.span)
            }
            absence = .init(types: atypes, when: awhen, atLeast: a.atLeast.value, every: a.every.value)
        }
        if r.absence == nil && r.on.isEmpty && r.onWritten {
            diags.error(.missingKey, "rule `\(r.id.value)` names no event types in `on`", at: r.span)
        }

        let points = r.points.flatMap { checkPoints($0, env, schema, types, isAbsence: r.absence != nil, guarded: when?.presentWhenTrue ?? []) }
        if let cap = r.cap, cap.value <= .zero {
            diags.error(.badValue, "`cap` must be a positive number of points (it bounds the rule's total in magnitude)", at: cap.span,
                        help: "write `cap: 2` for \"at most 2 points per \(scope.rawValue)\"")
        }
        var capPer: Int?
        if let per = r.capPer {
            if let f = schema.fieldIndex[per.value] {
                capPer = f
                if r.absence != nil { diags.error(.badValue, "an absence rule scores once per period; a cap per field does not apply", at: per.span) }
            } else if let kind = PeriodKind(rawValue: per.value) {
                diags.error(.unknownField, "the cap is per `\(per.value)`, which is not a declared field", at: per.span,
                            help: "for a cap over the \(kind.rawValue), write `cap: {max: ..., over: \(kind.rawValue)}`")
            } else {
                diags.error(.unknownField, "the cap is per `\(per.value)`, which is not a declared field", at: per.span,
                            help: Suggestion.help(for: per.value, in: schema.fieldIndex.keys))
            }
        }
        let capOver = checkCapOver(r, scope: scope, capPer: capPer)
        if let missing = r.capMissing, r.capPer == nil {
            diags.error(.missingKey, "`missing` says what events without the `per` field do, but the cap has no `per`", at: missing.span,
                        help: "write `cap: {max: 4, per: person, missing: \(missing.value.rawValue)}`, or remove `missing`")
        }
        for (attribute, values) in r.units where values.isEmpty {
            diags.error(.badValue, "`units.\(attribute.value)` lists no values, so the rule applies to no unit", at: attribute.span,
                        help: "list the roster values it applies to: `\(attribute.value): [窗口单位]`")
        }
        if let v = r.veto, !doc.grades.contains(where: { $0.name.value == v.value }) {
            let names = doc.grades.map(\.name.value)
            diags.error(.unknownGrade, "`veto` names the grade `\(v.value)`, which `grades` does not declare", at: v.span,
                        help: names.isEmpty ? "declare grades (`grades: [{name: ..., min: ...}]`) to use vetoes" : Suggestion.help(for: v.value, in: names))
        }
        if let c = r.combine, c.value == .mean {
            let clash: String? = r.absence != nil ? "an absence rule scores once per period"
                : { if case .steps? = r.points { return "occurrence steps price each occurrence by its number" } else { return nil } }()
                ?? (r.capPer != nil ? "a cap per field value bounds groups of events" : nil)
                ?? (r.capOver != nil ? "a cap over a longer period grants events in date order" : nil)
                ?? (scope != assess ? "a year's rule pools its events across versions" : nil)
            if let clash {
                diags.error(.notSupported, "`combine: mean` takes the mean of the period's occurrences; \(clash), which does not combine with a mean", at: c.span,
                            help: "score the mean with a plain rule: `points` per event and at most a `cap`")
            }
        }
        if item?.bonusIfNoDeductions?.value == true, let over = r.capOver {
            diags.error(.notSupported, "a cap over a longer period grants points in date order, which a bonus withheld afterwards (`bonus_if_no_deductions`) would not give back",
                        at: over.span, help: "cap this rule per period, or drop `bonus_if_no_deductions` from its item")
        }
        guard diags.errorCount == before, let points else { return nil }
        var checked = CheckedRubric.Rule(id: r.id.value, title: r.title, itemNumber: item?.number.value, itemTitle: item?.title.value,
                     category: category, scope: scope, types: types, when: when, points: points,
                     cap: r.cap?.value, capPer: capPer, capOver: capOver, capMissing: r.capMissing?.value ?? .together, absence: absence, veto: r.veto?.value,
                     units: Self.units(r.units, within: item?.units ?? []),
                     span: r.id.span)
        checked.bonusIfNoDeductions = item?.bonusIfNoDeductions?.value ?? false
        checked.mean = r.combine?.value == .mean
        return checked
    }

    /// A rule's roster filter: its own `units:` and its item's, both holding
    /// (an attribute named by both takes the values both allow).
    static func units(_ own: [(attribute: Located<String>, values: [Located<String>])],
                      within item: [(attribute: Located<String>, values: [Located<String>])]) -> [String: Set<String>] {
        let mine = Dictionary(own.map { ($0.attribute.value, Set($0.values.map(\.value))) }, uniquingKeysWith: { $0.union($1) })
        let items = Dictionary(item.map { ($0.attribute.value, Set($0.values.map(\.value))) }, uniquingKeysWith: { $0.union($1) })
        return mine.merging(items) { $0.intersection($1) }
    }

    /// `cap: {max: 6, over: year}`: a cap over a period longer than the
    /// rule's scope (the same period is an ordinary cap). Granted in date
    /// order, so it prices each event on its own: repeat-offence points
    /// (priced per period) and caps per field value do not combine with it.
    mutating func checkCapOver(_ r: RuleDecl, scope: PeriodKind, capPer: Int?) -> PeriodKind? {
        guard let over = r.capOver else { return nil }
        if over.value < scope {
            diags.error(.badScope, "the cap is over a `\(over.value.rawValue)`, shorter than the period the rule scores in (`\(scope.rawValue)`)", at: over.span,
                        help: "a cap over the rule's own period is `cap: <max>`; `over` names a longer one (\(PeriodKind.allCases.filter { $0 > scope }.map { "`\($0.rawValue)`" }.joined(separator: ", ")))")
            return nil
        }
        if over.value == scope { return nil }
        if r.absence != nil {
            diags.error(.badValue, "an absence rule scores once per period; a cap over a longer period does not apply", at: over.span)
        }
        if case .steps? = r.points {
            diags.error(.conflictingKeys, "occurrence steps (`steps`, `first`, `then`) are priced per period, so they cannot take a cap over a longer period", at: over.span,
                        help: "write the points as a number, a table or an expression")
        }
        if capPer != nil {
            diags.error(.conflictingKeys, "a cap is either per field value (`per`) or over a longer period (`over`), not both", at: over.span)
        }
        return over.value
    }

    mutating func resolveTypes(_ names: [Located<String>], _ schema: Schema) -> [Int] {
        var out: [Int] = []
        for n in names {
            if let i = schema.typeIndex[n.value] {
                if out.contains(i) { diags.warning(.duplicateId, "event type `\(n.value)` is listed twice", at: n.span) }
                else { out.append(i) }
            } else {
                diags.error(.unknownType, "unknown event type `\(n.value)`", at: n.span,
                            help: Suggestion.help(for: n.value, in: schema.typeIndex.keys, listing: false).isEmpty
                                ? "declare it under `events.types`, or use a declared type"
                                : Suggestion.help(for: n.value, in: schema.typeIndex.keys))
            }
        }
        return out
    }

    mutating func checkCondition(_ w: ExprSource, _ env: CheckEnvironment, _ schema: Schema, _ types: [Int]) -> CheckedExpr? {
        let (checked, ds) = ExprChecker.check(w, in: env)
        diags.add(contentsOf: ds)
        guard let checked else { return nil }
        if checked.type != .bool && checked.type != .dyn {
            diags.error(.notBool, "a condition must be true or false, but `\(w.text)` is \(checked.type)", at: w.span,
                        help: "compare it: `\(w.text) > 0`")
        }
        refuseUnguardedReads(checked, schema, types)
        refuseNUL(checked.parsed.root, checked.source)
        refuseCostly(checked)
        return checked
    }

    /// An expression whose comprehensions may pass the evaluator's budget on
    /// one event (`ExprCost`) would be rejected on every event it meets.
    mutating func refuseCostly(_ e: CheckedExpr) {
        let cost = ExprCost.estimate(e.parsed.root)
        guard cost > ExprCost.comprehensionBudget else { return }
        diags.error(.tooCostly, "this expression's comprehensions may take more than \(ExprCost.comprehensionBudget) steps on one event",
                    at: e.source.span, help: "iterate over fewer items, or nest fewer `.all`, `.exists`, `.map` or `.filter`")
    }

    /// A string literal holding NUL (`"\\0"`, `"\\x00"`, `"\\u0000"`) is
    /// valid CEL but cannot reach SQL or a report: rules files refuse it, as
    /// `YAMLReader` refuses a NUL in the YAML text itself.
    mutating func refuseNUL(_ e: Expr, _ source: ExprSource) {
        if case .literal(.string(let s)) = e.kind, s.unicodeScalars.contains("\0") {
            diags.error(.badValue, "a string in a rules file cannot hold a NUL character (U+0000)", at: source.span(of: e.range),
                        help: "remove the escape that writes it (`\\0`, `\\x00` or `\\u0000`)")
        }
        for c in e.children { refuseNUL(c, source) }
    }

    /// A field that some of the rule's types do not require may be absent;
    /// reading it then fails and rejects the event, so every such read must
    /// be guarded by a presence test (`PresenceGuards`): lint refuses what
    /// eval would reject.
    mutating func refuseUnguardedReads(_ e: CheckedExpr, _ schema: Schema, _ types: [Int], given guarded: Set<String> = []) {
        var reported: Set<String> = []
        for read in e.unguardedReads(given: guarded) where !reported.contains(read.field) {
            guard let f = schema.fieldIndex[read.field] else { continue }
            let missing = types.filter { !schema.alwaysPresent(f, on: $0) }.map { schema.types[$0].name }
            guard !missing.isEmpty else { continue }
            reported.insert(read.field)
            diags.error(.optionalField, "field `\(read.field)` may be absent from `\(missing.joined(separator: "`, `"))` events (it is not in their `require`), and reading an absent field rejects the event",
                        at: e.source.span(of: read.range),
                        help: "guard the read with `has(event.\(read.field)) && ...` (or `has(event.\(read.field)) ? ... : ...`), put the test in the rule's `when`, or add `\(read.field)` to the type's `require`")
        }
    }

    /// The longest list of occurrence steps (each is a term of the SQL).
    static let mostSteps = 100

    /// `guarded`: the fields the rule's `when` proves present (points are
    /// computed only when it holds).
    mutating func checkPoints(_ p: PointsDecl, _ env: CheckEnvironment, _ schema: Schema, _ types: [Int], isAbsence: Bool,
                              guarded: Set<String> = []) -> CheckedRubric.Points? {
        switch p {
        case .constant(let c):
            return .constant(c.value)
        case .steps(let steps, let then, let span):
            if isAbsence {
                diags.error(.badValue, "an absence rule scores once per period; occurrence steps do not apply", at: span)
                return nil
            }
            if steps.count > Self.mostSteps {
                diags.error(.badValue, "at most \(Self.mostSteps) steps, one per occurrence; the occurrences after them score `then`", at: steps[Self.mostSteps].span)
                return nil
            }
            return .steps(steps.map(\.value), then: (then ?? steps.last!).value)
        case .expression(let src):
            // An absence scores no event, so there are no fields to read: the checker says so at a field's name.
            var absent = CheckEnvironment()
            absent.unavailable = Dictionary(env.variables.keys.map { ($0, "an absence rule scores the lack of events, so its points cannot read an event's fields: write a number") },
                                            uniquingKeysWith: { a, _ in a })
            let (checked, ds) = ExprChecker.check(src, in: isAbsence ? absent : env)
            diags.add(contentsOf: ds)
            guard let checked else { return nil }
            if !checked.type.isNumeric && checked.type != .dyn {
                diags.error(.notNumeric, "points must be a number, but `\(src.text)` is \(checked.type)", at: src.span,
                            help: "write a number, an arithmetic expression, or a table with `by:` and `table:`")
                return nil
            }
            if checked.type == .uint {
                diags.error(.notNumeric, "points cannot be uint; they may be negative", at: src.span)
                return nil
            }
            refuseUnguardedReads(checked, schema, types, given: guarded)
            refuseNUL(checked.parsed.root, checked.source)
            refuseCostly(checked)
            return .expression(checked)
        case .table(let by, let entries, let otherwise, let span):
            if isAbsence {
                diags.error(.badValue, "an absence rule's points are one number (there is no event to look up)", at: span)
                return nil
            }
            guard let f = schema.fieldIndex[by.value] else {
                diags.error(.unknownField, "points table keyed by unknown field `\(by.value)`", at: by.span,
                            help: Suggestion.help(for: by.value, in: schema.fieldIndex.keys))
                return nil
            }
            let field = schema.fields[f]
            var table: [String: Fixed] = [:]
            for e in entries {
                if field.type == .enum && !field.values.contains(e.key.value) {
                    diags.error(.enumValue, "`\(e.key.value)` is not a value of the enum field `\(by.value)`", at: e.key.span,
                                help: Suggestion.nearest(to: e.key.value, in: field.values).map { "did you mean `\($0)`?" }
                                    ?? "its values are \(field.values.map { "`\($0)`" }.joined(separator: ", "))")
                }
                table[e.key.value] = e.points.value
            }
            if field.type == .enum && otherwise == nil {
                // A value a misspelt key was meant to be is reported once, as the misspelling.
                let meant = Set(entries.filter { !field.values.contains($0.key.value) }.compactMap { Suggestion.nearest(to: $0.key.value, in: field.values) })
                let missing = field.values.filter { table[$0] == nil && !meant.contains($0) }
                if !missing.isEmpty {
                    diags.error(.tableIncomplete, "the points table misses \(missing.map { "`\($0)`" }.joined(separator: ", ")) of field `\(by.value)`",
                                at: span, help: "add a row for each, or a `default:` for the values not listed")
                }
            } else if field.type != .enum && otherwise == nil {
                diags.warning(.tableIncomplete, "field `\(by.value)` is not an enum, so values outside the table are possible; they would be rejected",
                              at: by.span, help: "add `default:` points, or make the field an enum")
            }
            let missingOn = types.filter { !schema.alwaysPresent(f, on: $0) }.map { schema.types[$0].name }
            if !missingOn.isEmpty && otherwise == nil && !guarded.contains(by.value) {
                diags.error(.optionalField, "the table's key `\(by.value)` may be absent from `\(missingOn.joined(separator: "`, `"))` events (it is not in their `require`), and an event without it would be rejected",
                            at: by.span, help: "add a `default:` row for events without it, test `has(event.\(by.value))` in the rule's `when`, or add `\(by.value)` to those types' `require`")
            }
            return .table(field: f, entries: table, otherwise: otherwise?.value)
        }
    }
}
