import RubricCheck
import RubricSyntax

/// Compiles a checked rubric to one SQL script for a dialect: the rubric
/// moves to where the events already are. The script reads a relation
/// `events` (the schema's fields as text, plus `source_file`,
/// `source_line`, `load_error`, `load_error_field`) and, with a roster, a
/// relation `roster` (`unit` plus attribute columns); it creates the
/// relations `rubric_scores`, `rubric_rejects` and `rubric_accounting`, and
/// ends by selecting the scores.
public enum SQLCompiler {
    /// The caller's choices.
    public struct Options: Sendable {
        public var dialect: Dialect
        /// Units come from a `roster` relation (and events of other units are rejected).
        public var roster: Bool
        /// The version was chosen by the caller: it scores every period, whatever its effective date.
        public var forcedVersion: Bool
        /// Compute the heavy intermediate relations once (temporary tables; Spark's cache).
        public var materialize: Bool

        public init(dialect: Dialect, roster: Bool = false, forcedVersion: Bool = false, materialize: Bool = true) {
            self.dialect = dialect
            self.roster = roster
            self.forcedVersion = forcedVersion
            self.materialize = materialize
        }
    }

    /// The script, or the constructs that cannot be compiled (each with its source span).
    /// The constructs of a rubric that cannot be compiled.
    public struct Failure: Error {
        public var diagnostics: [Diagnostic]
    }

    /// Compiles one version (`forcedVersion` in the options: it scores every period).
    public static func compile(_ rubric: CheckedRubric, options: Options, sha256: String? = nil) -> Result<String, Failure> {
        compile(versions: [rubric], options: options, sha256: sha256.map { [$0] })
    }

    /// Compiles versions of one rubric, oldest first: each period is scored
    /// by the version in effect on its first day, as `rubric eval` does.
    public static func compile(versions: [CheckedRubric], options: Options, sha256: [String]? = nil) -> Result<String, Failure> {
        precondition(!versions.isEmpty && (versions.count == 1 || !options.forcedVersion))
        var plan = ScriptPlan(versions: versions, options: options)
        var problems: [Diagnostic] = []
        var fragments: [[RuleSQL]] = []
        for (k, rubric) in versions.enumerated() {
            if rubric.assess != versions[0].assess {
                problems.append(.error(.notCompilable, Message("not-compilable.version-assesses-by-version", ["version": "\(rubric.meta.version)", "assess": "\(rubric.assess.rawValue)", "p": "\(versions[0].meta.version)", "p2": "\(versions[0].assess.rawValue)"]),
                                       at: SourceSpan(file: rubric.meta.file, line: 1, column: 1, length: 1),
                                       help: Message("not-compilable.version-assesses-by-version.help")))
            }
            if let r = rubric.rules.first(where: { $0.scope != rubric.assess && $0.scope != .year }) {
                problems.append(.error(.notCompilable, Message("not-compilable.rule-scope-neither-assessment", ["id": "\(r.id)", "scope": "\(r.scope.rawValue)"]), at: r.span,
                                       help: Message("not-compilable.rule-scope-neither-assessment.help", ["assess": "\(rubric.assess.rawValue)"])))
            }
            if let c = rubric.schema.countField, rubric.schema.fields[c].type != .integer {
                problems.append(.error(.notCompilable, Message("not-compilable.count-field-not-integer", ["p": "\(rubric.schema.fields[c].name)"]),
                                       at: SourceSpan(file: rubric.meta.file, line: 1, column: 1, length: 1), help: Message("not-compilable.count-field-not-integer.help")))
            }
            problems += unwritableIdentifiers(rubric, options.dialect)
            plan.version = k
            let (rules, ruleProblems) = plan.ruleFragments()
            problems += ruleProblems
            fragments.append(rules)
        }
        guard problems.isEmpty else {
            return .failure(Failure(diagnostics: problems.map { d in
                var x = d
                x.message = Message("not-compilable.in-dialect", ["message": .message(d.message), "dialect": "\(options.dialect.rawValue)"])
                return x
            }))
        }
        plan.raw(header(versions, options, sha256: sha256))
        plan.parameters()
        if options.roster { plan.roster() }
        if versions.count > 1 { plan.routing() }
        for k in versions.indices {
            plan.version = k
            plan.validation()
            plan.evaluation(fragments[k])
        }
        plan.gathered()
        for k in versions.indices {
            plan.version = k
            plan.scoring(fragments[k])
        }
        plan.dateOrderGrants()
        for k in versions.indices {
            plan.version = k
            plan.ruleResults(fragments[k])
            plan.totals(fragments[k])
        }
        if plan.assess != .year { plan.yearInputs() }
        for k in versions.indices {
            plan.version = k
            if plan.assess != .year { plan.yearRows() }
            plan.ranking()
        }
        plan.finalScores()
        let d = options.dialect
        plan.raw("""
            -- The scores, in the order `rubric eval` prints them.
            SELECT * FROM rubric_scores ORDER BY pnext, pmonths, \(d.codePoint(d.ident("group"))), \(d.ident("rank")), \(d.codePoint("unit"));
            """)
        return .success(plan.statements.joined(separator: "\n\n") + "\n")
    }

    /// Names the script writes as identifiers (fields, `category_<id>`
    /// columns, roster attributes) that the dialect cannot quote: a control
    /// character has no escape in a quoted name, and Spark substitutes
    /// `${...}` even inside backquotes, which would read a variable or an
    /// environment value into a column name.
    static func unwritableIdentifiers(_ rubric: CheckedRubric, _ dialect: Dialect) -> [Diagnostic] {
        let names = rubric.schema.fields.map { ("noun.field", $0.name) } + rubric.categories.map { ("noun.category", $0.id) }
            + (rubric.rankWithin.map { [("noun.roster-attribute", $0)] } ?? [])
            + rubric.rules.flatMap { $0.units.keys.sorted().map { ("noun.roster-attribute", $0) } }
            + rubric.roster.map { ("noun.roster-attribute", $0.name) }
        let at = SourceSpan(file: rubric.meta.file, line: 1, column: 1, length: 1)
        return names.compactMap { kind, name in
            if name.unicodeScalars.contains(where: SQLText.needsEscape) {
                return .error(.notCompilable, Message("not-compilable.holds-control-invisible-character", ["kind": .phrase(kind), "json": "\(Quoting.json(name))"]), at: at,
                              help: Message("not-compilable.holds-control-invisible-character.help"))
            }
            if dialect == .spark && name.contains("${") {
                return .error(.notCompilable, Message("not-compilable.holds-which-spark-substitutes", ["kind": .phrase(kind), "name": "\(name)"]), at: at, help: Message("not-compilable.holds-which-spark-substitutes.help"))
            }
            return nil
        }
    }

    /// Category ids of all versions, in order of first appearance.
    static func categoryIds(_ versions: [CheckedRubric]) -> [String] {
        var seen = Set<String>()
        return versions.flatMap { $0.categories.map(\.id) }.filter { seen.insert($0).inserted }
    }

    static func header(_ versions: [CheckedRubric], _ o: Options, sha256: [String]?) -> String {
        let r = versions[versions.count - 1]
        var lines = versions.enumerated().map { k, v in
            "rubric \(v.meta.id) version \(v.meta.version), effective \(v.meta.effective) (\(([v.meta.file] + v.meta.chain.dropLast().reversed()).joined(separator: " extends "))\(sha256.map { ", sha256 \($0[k])" } ?? ""))"
        }
        lines += [
            "compiled for \(o.dialect.rawValue) by `rubric compile`.",
            "Input: relation `events` with one text column per declared field (\(r.schema.fields.map(\.name).joined(separator: ", "))),",
            "plus source_file, source_line, load_error, load_error_field (what `rubric stage` writes).",
        ]
        if o.roster { lines.append("Roster: relation `roster` with a `unit` column and the attribute columns the rubric reads.") }
        lines.append("As-of date: \(o.dialect.asOfHowTo)")
        lines.append(o.forcedVersion ? "This version scores every period (as `rubric eval --version`)."
                                     : "Each period is scored by the version in effect on its first day; periods starting before \(versions[0].meta.effective) have none: their events are rejected.")
        lines.append("Results: rubric_scores, rubric_rejects, rubric_accounting.")
        return SQLText.comment(lines.joined(separator: "\n"))
    }
}

extension ScriptPlan {
    /// The scores of every version, one relation.
    mutating func finalScores() {
        // A roster `eval` refuses gives no scores here either: rubric_roster_problems says why.
        let refused = rosterChecks.isEmpty ? "" : " WHERE NOT EXISTS (SELECT 1 FROM rubric_roster_problems)"
        relation("rubric_scores", "The scores: the rows and columns of `rubric eval --format json` (categories as category_<id> columns)"
                    + (refused.isEmpty ? "." : "; none while the roster has problems (rubric_roster_problems)."),
                 "SELECT * FROM (" + everyVersion("version_scores").map { "SELECT * FROM \($0)" }.joined(separator: "\nUNION ALL\n") + ") s" + refused,
                 materialize: true)
    }

    /// The declared roster attributes the script checks: those it reads, and the required ones.
    var rosterChecks: [CheckedRubric.RosterAttribute] {
        guard options.roster else { return [] }
        let read = Set(versions.flatMap { v in v.rules.flatMap(\.units.keys) + (v.rankWithin.map { [$0] } ?? []) })
        return CheckedRubric.RosterAttribute.merged(versions).filter { $0.required || read.contains($0.name) }
    }

    mutating func roster() {
        let d = dialect
        let checks = rosterChecks
        if !checks.isEmpty {
            var parts = ["SELECT unit, '' AS attribute, '' AS value, 'listed twice' AS problem FROM roster WHERE \(d.trimWhitespace("unit")) <> '' GROUP BY unit HAVING count(*) > 1"]
            for a in checks {
                let value = d.trimWhitespace("COALESCE(\(d.ident(a.name)), '')")
                if a.required {
                    parts.append("SELECT unit, \(d.string(a.name)), '', 'missing' FROM roster WHERE \(d.trimWhitespace("unit")) <> '' AND \(value) = ''")
                }
                if !a.values.isEmpty {
                    parts.append("SELECT unit, \(d.string(a.name)), \(value), 'not allowed' FROM roster WHERE \(d.trimWhitespace("unit")) <> '' AND \(value) <> ''"
                                 + " AND \(value) NOT IN (\(a.values.map(d.string).joined(separator: ", ")))")
                }
            }
            relation("rubric_roster_problems", "Roster rows `rubric eval` refuses: a unit listed twice, a required attribute missing, a value the rubric does not declare. While there are any, rubric_scores is empty.",
                     parts.joined(separator: "\nUNION ALL\n"), materialize: true)
        }
        let attrs = rosterAttributes.map { "max(\(d.trimWhitespace(d.ident($0)))) AS \(d.ident("a_" + $0))" }
        relation("rubric_roster", "The roster's units (exactly as written, as `eval` compares them; blank ones skipped) and the attributes the rubric reads (trimmed as `eval` trims them).",
                 "SELECT unit\(attrs.isEmpty ? "" : ", " + attrs.joined(separator: ", ")) FROM roster WHERE \(d.trimWhitespace("unit")) <> '' GROUP BY unit")
    }
}
