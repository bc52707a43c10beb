import Foundation
import PropertyBased
import RubricEval
import RubricReport
import RubricSyntax
import Testing

/// Properties of the engine over generated rubrics and event logs.
@Suite struct EnginePropertyTests {
    static let seeds = Gen.uint64(in: 0...UInt64.max)

    /// Scores and accounting as comparable text (rejects as a set).
    static func canonical(_ e: Evaluation) -> String {
        var json = JSONReport.render(e)
        if let r = json.range(of: "\"rejects\"") { json = String(json[..<r.lowerBound]) }
        return json + e.rejects.map { "\($0.line):\($0.field):\($0.reason.english)" }.sorted().joined(separator: "\n")
    }

    @Test func orderOfEventsDoesNotChangeScores() async {
        await propertyCheck(count: 60, input: Self.seeds) { seed in
            let r = RandomRubric(seed: seed)
            var rng = SplitMix64(seed: seed ^ 0xABCD)
            var shuffled = r.records
            for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            #expect(Self.canonical(RandomRubric.evaluate(r.records, r.options())) == Self.canonical(RandomRubric.evaluate(shuffled, r.options())))
        }
    }

    @Test func twoHalvesMergedEqualTheWhole() async throws {
        await propertyCheck(count: 60, input: Self.seeds, Gen.int(in: 0...120)) { seed, cut in
            let r = RandomRubric(seed: seed)
            let ev = Evaluator(options: r.options())
            let first = Array(r.records[..<cut]), second = Array(r.records[cut...])
            var a = try! ev.accumulate(sources: [{ MemoryRecordSource(name: "log", records: first) }], names: ["log"])
            let b = try! ev.accumulate(sources: [{ MemoryRecordSource(name: "log", records: second) }], names: ["log"])
            a.merge(b)
            a.names = ["log"]
            let merged = JSONReport.render(try! ev.finish(a))
            let whole = JSONReport.render(RandomRubric.evaluate(r.records, r.options()))
            #expect(merged == whole)
        }
    }

    @Test func aDeductionNeverRaisesAndABonusNeverLowersATotal() async {
        await propertyCheck(count: 60, input: Self.seeds) { seed in
            let r = RandomRubric(seed: seed)
            let before = RandomRubric.evaluate(r.records, r.options())
            guard let asOf = before.asOf else { return }
            var rng = SplitMix64(seed: seed ^ 0x5EED)
            for (types, lower) in [(r.deductionTypes, true), (r.bonusTypes, false)] where !types.isEmpty {
                let day = Day(year: 2024, month: 1 + Int(rng.next() % UInt64(asOf.month)), day: 1)
                let extra = RawRecord(fields: [("date", .text(min(day, asOf).description)), ("unit", .text(r.units[0])),
                                               ("type", .text(types[Int(rng.next() % UInt64(types.count))]))], line: 999)
                let after = RandomRubric.evaluate(r.records + [(extra, "extra")], r.options(asOf: asOf))
                let old = Self.totals(RandomRubric.evaluate(r.records, r.options(asOf: asOf))), new = Self.totals(after)
                for (key, total) in new {
                    guard let o = old[key] else { continue }
                    if lower { #expect(total <= o, "deduction raised \(key): \(o) -> \(total)") }
                    else { #expect(total >= o, "bonus lowered \(key): \(o) -> \(total)") }
                }
            }
        }
    }

    static func totals(_ e: Evaluation) -> [String: Fixed] {
        var out: [String: Fixed] = [:]
        for p in e.periods { for row in p.rows { out["\(row.unit) \(p.period)"] = row.total } }
        return out
    }

    @Test func categoriesStayWithinTheirBoundsAndTheAccountingAddsUp() async {
        await propertyCheck(count: 80, input: Self.seeds, Gen.int(in: 1...12)) { seed, month in
            let r = RandomRubric(seed: seed)
            let asOf: Day? = month == 12 ? nil : Day(year: 2024, month: month, day: 15)
            let e = RandomRubric.evaluate(r.records, r.options(asOf: asOf))
            let a = e.accounting
            #expect(a.read == a.scored + a.rejected + a.afterAsOf)
            #expect(a.read == r.records.count)
            for p in e.periods {
                for row in p.rows {
                    #expect(row.total >= .zero)
                    for c in row.categories { #expect((c.min.map { c.score >= $0 } ?? true) && c.score <= c.max) }
                }
            }
        }
    }

    @Test func sameInputGivesByteIdenticalOutput() async {
        await propertyCheck(count: 30, input: Self.seeds) { seed in
            let r = RandomRubric(seed: seed)
            let a = RandomRubric.evaluate(r.records, r.options()), b = RandomRubric.evaluate(r.records, r.options())
            #expect(JSONReport.render(a) == JSONReport.render(b))
            for language in Language.allCases {
                let ta = ScoreTables(evaluation: a, labels: Labels(language)), tb = ScoreTables(evaluation: b, labels: Labels(language))
                #expect(ta.table() == tb.table() && ta.csv() == tb.csv() && ta.markdown() == tb.markdown())
            }
        }
    }
}
