import RubricSyntax

extension RubricChecker {
    /// Resolves and types one rule.
    mutating func checkRule(_ r: RuleDecl, schema: Schema, category: Int?, item: ItemDecl?,
                            ids: inout [String: SourceSpan]) -> CheckedRubric.Rule? {
        let before = diags.errorCount
        if !r.id.value.isEmpty {
            if let first = ids[r.id.value] {
                diags.error(.duplicateId, Message("duplicate-id.rule-id-used-twice", ["id": "\(r.id.value)"]), at: r.id.span,
                            help: Message("duplicate-id.rule-id-used-twice.help", ["line": "\(first.start.line)"]))
            }
            ids[r.id.value] = r.id.span
        }
        let assess = doc.periods.assess.value
        let scope = r.scope?.value ?? assess
        if let s = r.scope {
            if category != nil && s.value != assess {
                diags.error(.badScope, Message("bad-scope.category-rule-scores-assessment", ["assess": "\(assess.rawValue)", "s": "\(s.value.rawValue)"]), at: s.span,
                            help: Message("bad-scope.category-rule-scores-assessment.help", ["s": "\(s.value.rawValue)"]))
            } else if s.value < assess {
                diags.error(.badScope, Message("bad-scope.scope-shorter-than-assessment", ["s": "\(s.value.rawValue)", "assess": "\(assess.rawValue)"]), at: s.span,
                            help: Message("bad-scope.scope-shorter-than-assessment.help", ["assess": "\(assess.rawValue)"]))
            } else if s.value != assess && s.value != .year {
                diags.error(.badScope, Message("bad-scope.scope-must-assessment-period", ["assess": "\(assess.rawValue)"]), at: s.span)
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
                let shorter = Message.Argument.code(PeriodKind.allCases.filter { $0 <= scope }.map(\.rawValue))
                diags.error(.badScope, Message("bad-scope.every-longer-than-period", ["every": "\(a.every.value.rawValue)", "scope": "\(scope.rawValue)"]), at: a.every.span,
                            help: category == nil && scope != .year
                                ? Message("bad-scope.every-longer-than-period.year.help", ["shorter": shorter, "every": "\(a.every.value.rawValue)"])
                                : Message("bad-scope.every-longer-than-period.help", ["shorter": shorter]))
            }
            if r.when != nil {
                diags.error(.conflictingKeys, Message("conflicting-keys.absence-rule-puts-condition"), at: r.when!.span)
            }
            absence = .init(types: atypes, when: awhen, atLeast: a.atLeast.value, every: a.every.value)
        }
        if r.absence == nil && r.on.isEmpty && r.onWritten {
            diags.error(.missingKey, Message("missing-key.rule-names-no-event", ["id": "\(r.id.value)"]), at: r.span)
        }

        let points = r.points.flatMap { checkPoints($0, env, schema, types, isAbsence: r.absence != nil, guarded: when?.presentWhenTrue ?? []) }
        if let cap = r.cap, cap.value <= .zero {
            diags.error(.badValue, Message("bad-value.cap-must-positive-number"), at: cap.span,
                        help: Message("bad-value.cap-must-positive-number.help", ["scope": "\(scope.rawValue)"]))
        }
        var capPer: Int?
        if let per = r.capPer {
            if let f = schema.fieldIndex[per.value] {
                capPer = f
                if r.absence != nil { diags.error(.badValue, Message("bad-value.absence-rule-scores-once"), at: per.span) }
            } else if let kind = PeriodKind(rawValue: per.value) {
                diags.error(.unknownField, Message("unknown-field.cap-per-which-not", ["per": "\(per.value)"]), at: per.span,
                            help: Message("unknown-field.cap-per-which-not.help", ["kind": "\(kind.rawValue)"]))
            } else {
                diags.error(.unknownField, Message("unknown-field.cap-per-which-not", ["per": "\(per.value)"]), at: per.span,
                            help: Suggestion.help(for: per.value, in: schema.fieldIndex.keys))
            }
        }
        let capOver = checkCapOver(r, scope: scope, capPer: capPer)
        if let missing = r.capMissing, r.capPer == nil {
            diags.error(.missingKey, Message("missing-key.missing-says-what-events"), at: missing.span,
                        help: Message("missing-key.missing-says-what-events.help", ["missing": "\(missing.value.rawValue)"]))
        }
        for (attribute, values) in r.units where values.isEmpty {
            diags.error(.badValue, Message("bad-value.units-lists-no-values", ["attribute": "\(attribute.value)"]), at: attribute.span,
                        help: Message("bad-value.units-lists-no-values.help", ["attribute": "\(attribute.value)"]))
        }
        if let v = r.veto, !doc.grades.contains(where: { $0.name.value == v.value }) {
            let names = doc.grades.map(\.name.value)
            diags.error(.unknownGrade, Message("unknown-grade.veto-names-grade-which", ["v": "\(v.value)"]), at: v.span,
                        help: names.isEmpty ? Message("unknown-grade.declare.help") : Suggestion.help(for: v.value, in: names))
        }
        if let c = r.combine, c.value == .mean {
            let clash: String? = r.absence != nil ? "absence"
                : { if case .steps? = r.points { return "steps" } else { return nil } }()
                ?? (r.capPer != nil ? "cap-per" : nil)
                ?? (r.capOver != nil ? "cap-over" : nil)
                ?? (scope != assess ? "year" : nil)
            if let clash {
                diags.error(.notSupported, Message("not-supported.combine-mean-takes-mean", ["clash": .phrase("not-supported.mean-clash.\(clash)")]), at: c.span,
                            help: Message("not-supported.combine-mean-takes-mean.help"))
            }
        }
        if item?.bonusIfNoDeductions?.value == true, let over = r.capOver {
            diags.error(.notSupported, Message("not-supported.cap-over-longer-period"),
                        at: over.span, help: Message("not-supported.cap-over-longer-period.help"))
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
            diags.error(.badScope, Message("bad-scope.cap-over-shorter-than", ["over": "\(over.value.rawValue)", "scope": "\(scope.rawValue)"]), at: over.span,
                        help: Message("bad-scope.cap-over-shorter-than.help", ["list": "\(PeriodKind.allCases.filter { $0 > scope }.map { "`\($0.rawValue)`" }.joined(separator: ", "))"]))
            return nil
        }
        if over.value == scope { return nil }
        if r.absence != nil {
            diags.error(.badValue, Message("bad-value.absence-rule-scores-once-2"), at: over.span)
        }
        if case .steps? = r.points {
            diags.error(.conflictingKeys, Message("conflicting-keys.occurrence-steps-steps-first"), at: over.span,
                        help: Message("conflicting-keys.occurrence-steps-steps-first.help"))
        }
        if capPer != nil {
            diags.error(.conflictingKeys, Message("conflicting-keys.cap-either-per-field"), at: over.span)
        }
        return over.value
    }

    mutating func resolveTypes(_ names: [Located<String>], _ schema: Schema) -> [Int] {
        var out: [Int] = []
        for n in names {
            if let i = schema.typeIndex[n.value] {
                if out.contains(i) { diags.warning(.duplicateId, Message("duplicate-id.event-type-listed-twice", ["n": "\(n.value)"]), at: n.span) }
                else { out.append(i) }
            } else {
                diags.error(.unknownType, Message("unknown-type.unknown-event-type", ["n": "\(n.value)"]), at: n.span,
                            help: Suggestion.help(for: n.value, in: schema.typeIndex.keys, listing: false) == nil
                                ? Message("unknown-type.declare.help")
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
            diags.error(.notBool, Message("not-bool.condition-must-true-false", ["w": "\(w.text)", "type": "\(checked.type)"]), at: w.span,
                        help: Message("not-bool.condition-must-true-false.help", ["w": "\(w.text)"]))
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
        diags.error(.tooCostly, Message("too-costly.this-expression-s-comprehensions", ["comprehensionBudget": "\(ExprCost.comprehensionBudget)"]),
                    at: e.source.span, help: Message("too-costly.this-expression-s-comprehensions.help"))
    }

    /// A string literal holding NUL (`"\\0"`, `"\\x00"`, `"\\u0000"`) is
    /// valid CEL but cannot reach SQL or a report: rules files refuse it, as
    /// `YAMLReader` refuses a NUL in the YAML text itself.
    mutating func refuseNUL(_ e: Expr, _ source: ExprSource) {
        if case .literal(.string(let s)) = e.kind, s.unicodeScalars.contains("\0") {
            diags.error(.badValue, Message("bad-value.string-rules-file-cannot"), at: source.span(of: e.range),
                        help: Message("bad-value.string-rules-file-cannot.help"))
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
            diags.error(.optionalField, Message("optional-field.field-may-absent-from", ["field": "\(read.field)", "types": .code(missing)]),
                        at: e.source.span(of: read.range),
                        help: Message("optional-field.field-may-absent-from.help", ["field": "\(read.field)"]))
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
                diags.error(.badValue, Message("bad-value.absence-rule-scores-once-3"), at: span)
                return nil
            }
            if steps.count > Self.mostSteps {
                diags.error(.badValue, Message("bad-value.at-most-steps-one", ["mostSteps": "\(Self.mostSteps)"]), at: steps[Self.mostSteps].span)
                return nil
            }
            return .steps(steps.map(\.value), then: (then ?? steps.last!).value)
        case .expression(let src):
            // An absence scores no event, so there are no fields to read: the checker says so at a field's name.
            var absent = CheckEnvironment()
            absent.unavailable = Dictionary(env.variables.keys.map { ($0, Message("unknown-field.absence.help")) },
                                            uniquingKeysWith: { a, _ in a })
            let (checked, ds) = ExprChecker.check(src, in: isAbsence ? absent : env)
            diags.add(contentsOf: ds)
            guard let checked else { return nil }
            if !checked.type.isNumeric && checked.type != .dyn {
                diags.error(.notNumeric, Message("not-numeric.points-must-number-but", ["src": "\(src.text)", "type": "\(checked.type)"]), at: src.span,
                            help: Message("not-numeric.points-must-number-but.help"))
                return nil
            }
            if checked.type == .uint {
                diags.error(.notNumeric, Message("not-numeric.points-cannot-uint-they"), at: src.span)
                return nil
            }
            refuseUnguardedReads(checked, schema, types, given: guarded)
            refuseNUL(checked.parsed.root, checked.source)
            refuseCostly(checked)
            return .expression(checked)
        case .table(let by, let entries, let otherwise, let span):
            if isAbsence {
                diags.error(.badValue, Message("bad-value.absence-rule-s-points"), at: span)
                return nil
            }
            guard let f = schema.fieldIndex[by.value] else {
                diags.error(.unknownField, Message("unknown-field.points-table-keyed-by", ["by": "\(by.value)"]), at: by.span,
                            help: Suggestion.help(for: by.value, in: schema.fieldIndex.keys))
                return nil
            }
            let field = schema.fields[f]
            var table: [String: Fixed] = [:]
            for e in entries {
                if field.type == .enum && !field.values.contains(e.key.value) {
                    diags.error(.enumValue, Message("enum-value.not-value-enum-field", ["key": "\(e.key.value)", "by": "\(by.value)"]), at: e.key.span,
                                help: Suggestion.nearest(to: e.key.value, in: field.values).map { Message("suggestion.did-you-mean", ["name": "\($0)"]) }
                                    ?? Message("enum-value.values.help", ["values": .code(field.values)]))
                }
                table[e.key.value] = e.points.value
            }
            if field.type == .enum && otherwise == nil {
                // A value a misspelt key was meant to be is reported once, as the misspelling.
                let meant = Set(entries.filter { !field.values.contains($0.key.value) }.compactMap { Suggestion.nearest(to: $0.key.value, in: field.values) })
                let missing = field.values.filter { table[$0] == nil && !meant.contains($0) }
                if !missing.isEmpty {
                    diags.error(.tableIncomplete, Message("table-incomplete.points-table-misses-field", ["list": "\(missing.map { "`\($0)`" }.joined(separator: ", "))", "by": "\(by.value)"]),
                                at: span, help: Message("table-incomplete.points-table-misses-field.help"))
                }
            } else if field.type != .enum && otherwise == nil {
                diags.warning(.tableIncomplete, Message("table-incomplete.field-not-enum-so", ["by": "\(by.value)"]),
                              at: by.span, help: Message("table-incomplete.field-not-enum-so.help"))
            }
            let missingOn = types.filter { !schema.alwaysPresent(f, on: $0) }.map { schema.types[$0].name }
            if !missingOn.isEmpty && otherwise == nil && !guarded.contains(by.value) {
                diags.error(.optionalField, Message("optional-field.table-s-key-may", ["by": "\(by.value)", "types": .code(missingOn)]),
                            at: by.span, help: Message("optional-field.table-s-key-may.help", ["by": "\(by.value)"]))
            }
            return .table(field: f, entries: table, otherwise: otherwise?.value)
        }
    }
}
