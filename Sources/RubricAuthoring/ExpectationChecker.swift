import RubricEval
import RubricReport
import RubricSyntax

/// Compares one test's stated expectations with an evaluation.
struct ExpectationChecker {
    let test: RuleTestCase
    let evaluation: Evaluation
    let versions: [CompiledRubric]

    func row(_ unit: String, _ period: String) -> (PeriodScores, UnitScore)? {
        guard let p = evaluation.periods.first(where: { $0.period.description == period }),
              let r = p.rows.first(where: { $0.unit == unit }) else { return nil }
        return (p, r)
    }

    func failures() -> [String] {
        var out: [String] = []
        for e in test.expect {
            let what = "\(e.unit.value) \(e.period.value)"
            guard let (_, r) = row(e.unit.value, e.period.value) else {
                let periods = evaluation.periods.map(\.period.description).joined(separator: ", ")
                out.append("\(what): no score (line \(e.span.start.line)); scored periods: \(periods.isEmpty ? "none" : periods)")
                continue
            }
            func compare(_ label: String, _ want: Located<Fixed>?, _ got: Fixed) {
                if let want, want.value != got { out.append("\(what) \(label): expected \(want.value), got \(got) (line \(want.span.start.line))") }
            }
            compare("total", e.total, r.total)
            compare("adjustments", e.adjustments, r.adjustmentTotal)
            if let rank = e.rank, rank.value != r.rank { out.append("\(what) rank: expected \(rank.value), got \(r.rank) (line \(rank.span.start.line))") }
            if let g = e.grade, g.value != r.grade { out.append("\(what) grade: expected \(g.value), got \(r.grade ?? "none") (line \(g.span.start.line))") }
            for (id, want) in e.categories {
                guard let c = r.categories.first(where: { $0.id == id }) else {
                    out.append("\(what): no category `\(id)` (line \(want.span.start.line))")
                    continue
                }
                compare("category \(id)", want, c.score)
            }
            for (id, want) in e.rules {
                let all = r.categories.flatMap(\.rules) + r.adjustments
                let got = all.filter { $0.id == id }.reduce(Fixed.zero) { ($0 + $1.points) ?? $0 }
                if !versions.contains(where: { v in v.rules.contains { $0.source.id == id } }) {
                    out.append("\(what): no rule `\(id)` in the rules (line \(want.span.start.line))")
                    continue
                }
                compare("rule \(id)", want, got)
            }
        }
        out += rejectFailures()
        let a = evaluation.accounting
        let actual = ["read": a.read, "scored": a.scored, "rejected": a.rejected, "after_as_of": a.afterAsOf]
        for (k, v) in test.accounting where actual[k] != v.value {
            out.append("accounting \(k): expected \(v.value), got \(actual[k] ?? 0) (line \(v.span.start.line))")
        }
        return out
    }

    func rejectFailures() -> [String] {
        let lineToEvent = Dictionary(uniqueKeysWithValues: test.events.enumerated().map { ($1.line, $0 + 1) })
        let actual = evaluation.rejects.map { (event: lineToEvent[$0.line] ?? 0, field: $0.field, reason: $0.reason) }
        guard let expected = test.rejects else {
            return actual.map { "event \($0.event) was rejected (\($0.field.isEmpty ? "" : $0.field + ": ")\($0.reason)); state it under `rejects` if that is intended" }
        }
        var out: [String] = []
        for x in expected where !actual.contains(where: { $0.event == x.event.value && (x.field == nil || x.field == $0.field) }) {
            out.append("event \(x.event.value) should be rejected\(x.field.map { " for `\($0)`" } ?? ""), but was not (line \(x.event.span.start.line))")
        }
        for a in actual where !expected.contains(where: { $0.event.value == a.event && ($0.field == nil || $0.field == a.field) }) {
            out.append("event \(a.event) was rejected unexpectedly: \(a.field.isEmpty ? "" : a.field + ": ")\(a.reason)")
        }
        return out
    }

    /// The explain output of every row a failure mentions.
    func explanations(for failures: [String]) -> String {
        guard !failures.isEmpty else { return "" }
        // For the author: ids and the hash, in the words of the rest of `rubric test`'s output.
        let report = ExplainReport(evaluation: evaluation, rubrics: versions, labels: Labels(.en), verbose: true)
        var seen = Set<String>()
        var out = ""
        for e in test.expect where failures.contains(where: { $0.hasPrefix("\(e.unit.value) \(e.period.value)") }) {
            let key = e.unit.value + e.period.value
            guard seen.insert(key).inserted, let p = Period(parsing: e.period.value),
                  let text = report.render(unit: e.unit.value, period: p) else { continue }
            out += text
        }
        return out
    }

    /// Rules that scored something in this test (absence rules: that fired).
    func exercisedRules() -> Set<String> {
        var out = Set<String>()
        for p in evaluation.periods {
            for r in p.rows {
                for res in r.categories.flatMap(\.rules) + r.adjustments where res.events > 0 || !res.missing.isEmpty {
                    out.insert("\(evaluation.versions[res.version].version)/\(res.id)")
                }
            }
        }
        return out
    }
}
