import Foundation
import RubricCheck
import RubricEval
import RubricSyntax

/// Runs one conformance case through the project's own parser, checker,
/// compiler and evaluator: the code rubric expressions use.
enum CaseRunner {
    /// Features outside the supported subset; cases needing them are skipped.
    static let unsupported: Set<String> = ["bytes", "timestamp", "duration", "proto", "optional", "check_only", "unknown", "unsupported"]
    /// The suite's core features (see the cases' README).
    static let core: Set<String> = ["macro", "regex", "error", "nan", "heterogeneous_eq", "uint", "type"]

    enum Outcome {
        case passed
        case failed(String)
        case skipped(String)
    }

    static func run(_ c: [String: Any]) -> Outcome {
        let needs = Set((c["needs"] as? [String]) ?? [])
        if let f = needs.intersection(unsupported).sorted().first { return .skipped(f) }
        let expr = c["expr"] as! String
        var bindings: [String: Value] = [:]
        do {
            for (k, v) in (c["bindings"] as? [String: Any]) ?? [:] { bindings[k] = try TypedValue.value(v) }
        } catch let u as TypedValue.Unsupported {
            return .skipped(u.feature)
        } catch {
            return .failed("bad binding: \(error)")
        }
        let expect = c["expect"] as! [String: Any]
        let result = evaluate(expr, bindings, check: !(c["disable_check"] as? Bool ?? false))
        if let ev = expect["value"] {
            let want: Value
            do { want = try TypedValue.value(ev) } catch { return .skipped("expected value: \(error)") }
            switch result {
            case .success(let got):
                return TypedValue.same(got, want) ? .passed : .failed("got \(got) (\(got.typeName)), want \(want) (\(want.typeName))")
            case .failure(let e):
                return .failed("got error \(e.message), want \(want)")
            }
        }
        if expect["error"] != nil {
            if case .success(let got) = result { return .failed("got \(got), want an error") }
            return .passed
        }
        return .skipped("expectation form")
    }

    /// Parse, check (unless disabled), compile and evaluate.
    static func evaluate(_ text: String, _ bindings: [String: Value], check: Bool) -> Result<Value, EvalError> {
        let src = ExprSource(text: text)
        guard case .success(let parsed) = src.parsed else {
            return .failure(EvalError(Message("verbatim", ["text": "syntax: \(src.syntaxDiagnostic?.text() ?? "")"])))
        }
        let declared = CheckEnvironment(variables: bindings.mapValues(\.celType))
        let references: [Int: Reference]
        if check {
            let (checked, ds) = ExprChecker.check(src, in: declared)
            guard let checked else { return .failure(EvalError(Message("verbatim", ["text": .text("check: " + ds.map { $0.text() }.joined(separator: "; "))]))) }
            references = checked.references
        } else {
            references = ExprChecker.references(parsed, in: declared)
        }
        let names = bindings.keys.sorted()
        let env = CompileEnvironment(slots: Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) }))
        let program = ExprCompiler.compile(parsed.root, references: references, env: env)
        let a = Activation(slotCount: names.count)
        for (i, n) in names.enumerated() { a.slots[i] = bindings[n] }
        do throws(EvalError) { return .success(try program(a)) } catch { return .failure(error) }
    }
}
