import Foundation
import RubricCheck
import RubricEval
import RubricReport
import RubricSyntax

/// A random rubric and a random event log for it, from one seed: the
/// inputs of the engine's property tests.
struct RandomRubric {
    var yaml: String
    var compiled: CompiledRubric
    /// Event types whose every rule deducts (or adds) points, and none counts towards an absence rule.
    var deductionTypes: [String]
    var bonusTypes: [String]
    var records: [(RawRecord, String)]
    var units: [String]

    static let types = ["a", "b", "c", "d", "e", "f"]

    init(seed: UInt64, events: Int = 120) {
        var rng = SplitMix64(seed: seed)
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        func halfPoints(_ lo: Int, _ hi: Int) -> String { Fixed(raw: Int64(lo * 2 + pick((hi - lo) * 2 + 1)) * Fixed.scale / 2).description }
        var sign: [String: Set<Bool>] = [:]
        var categories = ""
        let categoryCount = 1 + pick(3)
        var typeIndex = 0
        for c in 0..<categoryCount {
            categories += "  - id: c\(c)\n    title: C\(c)\n    max: \(5 + pick(40))\n    items:\n      - number: \(c + 1)\n        title: I\(c)\n        rules:\n"
            if c == 0 && pick(2) == 0 {
                categories += "          - {id: presence, absent: {on: f, every: month}, points: -\(1 + pick(3))}\n"
            }
            let n = 1 + pick(2)
            for _ in 0..<n where typeIndex < 5 {
                let t = Self.types[typeIndex]
                typeIndex += 1
                let p = pick(4) == 0 ? halfPoints(1, 3) : "-" + halfPoints(1, 5)
                let cap = pick(3) == 0 ? ", cap: \(1 + pick(6))" : (pick(4) == 0 ? ", cap: {max: \(1 + pick(4)), per: v}" : "")
                categories += "          - {id: r\(t), on: \(t), points: \(p)\(cap)}\n"
                sign[t, default: []].insert(!p.hasPrefix("-"))
            }
        }
        var adjustments = ""
        if pick(2) == 0 {
            let t = Self.types[pick(5)]
            adjustments = "adjustments:\n  - {id: adj, on: \(t), when: 'v < 50.0', points: -0.5 * math.ceil((50.0 - v) / 10.0)}\n"
            sign[t, default: []].insert(false)
        }
        yaml = """
        rubric: {id: random, title: Random, version: "1", effective: 2024-01-01}
        periods:
          assess: quarter
          total: {min: 0}
          year: {combine: mean, round: {places: 2, mode: half_up}, min: 0}
        events:
          date: date
          unit: unit
          type: type
          count: count
          fields:
            date: date
            unit: string
            type: string
            count: {type: integer, min: 1, default: 1}
            v: {type: number, min: 0, max: 100, default: 100}
          types: {a: {}, b: {}, c: {}, d: {}, e: {}, f: {}}
        categories:

        """ + categories + adjustments
        let loaded = RubricLoader.load(SourceFile(path: "random.yaml", text: yaml))
        let (checked, ds) = RubricChecker.check(loaded.document!)
        precondition(checked != nil, "generated rubric does not check: \(ds.map(\.message))\n\(yaml)")
        compiled = CompiledRubric(checked!, sha256: "", roster: nil)
        deductionTypes = sign.filter { $0.value == [false] && $0.key != "f" }.map(\.key).sorted()
        bonusTypes = sign.filter { $0.value == [true] && $0.key != "f" }.map(\.key).sorted()
        units = (0..<(2 + pick(5))).map { "U\($0)" }
        records = []
        for i in 0..<events {
            var fields: [(name: String, value: RawValue)] = [
                ("date", .text(Day(year: 2024, month: 1 + pick(12), day: 1 + pick(28)).description)),
                ("unit", .text(units[pick(units.count)])),
                ("type", .text(pick(30) == 0 ? "zz" : Self.types[pick(Self.types.count)])),
            ]
            if pick(5) == 0 { fields.append(("count", .number(String(1 + pick(3))))) }
            if pick(3) == 0 { fields.append(("v", .number(String(pick(101))))) }
            records.append((RawRecord(fields: fields, line: i + 1), "line \(i + 1)"))
        }
    }

    func options(asOf: Day? = nil) -> EvalOptions { EvalOptions(versions: [compiled], asOf: asOf) }

    /// Evaluates records (in memory) and renders the JSON report.
    static func evaluate(_ records: [(RawRecord, String)], _ options: EvalOptions) -> Evaluation {
        try! Evaluator(options: options).run(sources: [{ MemoryRecordSource(name: "log", records: records) }], names: ["log"])
    }
}
