import Foundation
import RubricCheck
import RubricEval
import RubricReport
import RubricSyntax

/// Runs rule tests (`*.test.yaml`): each test's inline events are scored
/// with its rules, and every stated expectation is compared with the result.
public struct RuleTestRunner {
    /// The outcome of one test.
    public struct Outcome: Sendable {
        public var file: String
        public var line: Int
        public var name: String
        /// Why it failed; empty when it passed.
        public var failures: [String]
        /// The explanations of the rows that differ, to follow the arithmetic.
        public var explanation: String
        public var passed: Bool { failures.isEmpty }
    }

    /// Everything a run found.
    public struct Report: Sendable {
        public var outcomes: [Outcome] = []
        /// Problems with the test or rules files themselves.
        public var diagnostics: [Diagnostic] = []
        public var sources: [SourceFile] = []
        /// Rule ids (per rubric file) that scored in some test, and all of them.
        public var exercised: Set<String> = []
        public var allRules: [String] = []
        public var failed: Bool { outcomes.contains { !$0.passed } || diagnostics.contains { $0.severity == .error } }
    }

    public init() {}

    /// Test files under `paths` (files, or directories searched for `*.test.yaml`).
    public static func testFiles(_ paths: [String]) -> [String] {
        var out: [String] = []
        for p in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else { out.append(p); continue }
            if isDir.boolValue {
                let e = FileManager.default.enumerator(atPath: p)
                var found: [String] = []
                while let f = e?.nextObject() as? String {
                    if f.hasSuffix(".test.yaml") || f.hasSuffix(".test.yml") { found.append((p as NSString).appendingPathComponent(f)) }
                }
                out += found.sorted()
            } else {
                out.append(p)
            }
        }
        return out
    }

    /// Runs the tests in `paths`. Each test file's `rules:` (default `..`)
    /// is resolved against the test file's folder and must stay inside the
    /// project: the current directory or a path given on the command line.
    /// `rules`, given on the command line, replaces every file's `rules:`.
    public func run(paths: [String], rules: String? = nil) -> Report {
        var report = Report()
        var allRules = Set<String>()
        let roots = RulesPathPolicy(commandLine: paths)
        for file in Self.testFiles(paths) {
            let source: SourceFile
            do { source = try SourceFile.read(path: file) } catch {
                report.diagnostics.append(.error(.unreadable, error.message, at: .file(file)))
                continue
            }
            report.sources.append(source)
            let (doc, ds) = RuleTestLoader.load(source)
            report.diagnostics += ds
            guard let doc, !ds.contains(where: { $0.severity == .error }) else { continue }
            var rulesPaths: [String] = []
            if let rules {
                rulesPaths = [rules]
            } else {
                for given in doc.rules.isEmpty ? [nil] : doc.rules.map(Optional.some) {
                    switch roots.resolve(given?.value, testFile: file) {
                    case .success(let p): rulesPaths.append(p)
                    case .failure(let refusal):
                        report.diagnostics.append(.error(.badRules, refusal.message, at: given?.span ?? .file(file), help: refusal.help))
                    }
                }
                if rulesPaths.count < max(doc.rules.count, 1) { continue }
            }
            let rulesPath = rulesPaths.joined(separator: " ")
            let set = RuleSet.load(paths: rulesPaths)
            guard !set.hasErrors, !set.rubrics.isEmpty else {
                report.sources += set.sources
                report.diagnostics += set.diagnostics.filter { $0.severity == .error }
                report.diagnostics.append(.error(.badRules, Message("bad-rules.rules-at-have-errors", ["rulesPath": "\(rulesPath)"]), at: doc.rules.first?.span ?? .file(file),
                                                 help: Message("bad-rules.rules-at-have-errors.help", ["rulesPath": "\(rulesPath)"])))
                continue
            }
            for r in set.rubrics { for rule in r.rules { allRules.insert("\(r.meta.version)/\(rule.id)") } }
            for t in doc.tests {
                let (outcome, used) = runCase(t, file: file, rubrics: set.rubrics, sha256: set.sha256(of:))
                report.outcomes.append(outcome)
                report.exercised.formUnion(used)
            }
        }
        report.allRules = allRules.sorted()
        return report
    }

    /// `sha256`: what names each version's rules, shown in a failure's explanation.
    func runCase(_ t: RuleTestCase, file: String, rubrics: [CheckedRubric], sha256: (CheckedRubric) -> String) -> (Outcome, Set<String>) {
        var outcome = Outcome(file: file, line: t.name.span.start.line, name: t.name.value, failures: [], explanation: "")
        // A test's roster meets the rubric's declared attributes, as a roster file must.
        let declared = CheckedRubric.RosterAttribute.merged(rubrics)
        for unit in t.roster ?? [] {
            if let why = Roster.problem(t.rosterAttributes[unit] ?? [:], declared) { outcome.failures.append("roster: unit \(unit): \(why.english)") }
        }
        if !outcome.failures.isEmpty { return (outcome, []) }
        let session = ScoringSession(rubrics: rubrics, sha256: sha256, roster: t.roster.map { Roster(units: $0, attributes: t.rosterAttributes) })
        let options: EvalOptions
        do {
            options = try session.options(version: t.version, asOf: t.asOf.flatMap { try? DateText.parse($0.value).get() }, trace: .all)
        } catch {
            switch error {
            case .noSuchVersion(let v, let available):
                outcome.failures.append("no rules version `\(v)`; versions: \(available.joined(separator: ", "))")
            case .asOfBeyondHorizon(let asOf, let horizon):
                outcome.failures.append("as_of \(asOf) is after \(horizon), more than \(Day.horizonYears) years after the rules take effect")
            }
            return (outcome, [])
        }
        let records = t.events.map { e in
            (RawRecord(fields: e.fields.map { ($0.name, Self.raw($0.value)) }, line: e.line), e.text)
        }
        let evaluation: Evaluation
        do {
            evaluation = try session.evaluate(records: records, name: file, options)
        } catch {
            outcome.failures.append("evaluation failed: \(error)")
            return (outcome, [])
        }
        let checker = ExpectationChecker(test: t, evaluation: evaluation, versions: session.versions)
        outcome.failures = checker.failures()
        outcome.explanation = checker.explanations(for: outcome.failures)
        return (outcome, checker.exercisedRules())
    }

    static func raw(_ v: TestScalar) -> RawValue {
        switch v {
        case .text(let s): return .text(s)
        case .number(let n): return .number(n)
        case .bool(let b): return .bool(b)
        case .null: return .absent
        }
    }
}
