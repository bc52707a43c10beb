import Foundation
import PropertyBased
@testable import RubricEval
import RubricSyntax
import Testing

/// The finalizer's state (`StateTable`) against a dictionary of every
/// (unit, version, rule, period, group): the same slots whatever the order
/// they were added in or the parts they were merged from, each row's keys in
/// order, a rule's entries adjacent.
@Suite struct StateTableTests {
    static let periods = (1...4).map { Period(kind: .quarter, year: 2024, index: $0) } + [Period(kind: .year, year: 2024, index: 1)]

    /// Random keys and slots from a seed: few units, rules and groups, so keys repeat.
    static func entries(_ seed: UInt64, count: Int) -> [(StateKey, PeriodPages.Slot)] {
        var rng = SplitMix64(seed: seed)
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        return (0..<count).map { _ in
            let key = StateKey(unit: Int32(pick(4)), version: Int16(pick(2)), rule: Int16(pick(40)), period: periods[pick(periods.count)],
                               group: [-3, -2, -1, -1, -1, 0, 1, 2, 7][pick(9)])
            return (key, PeriodPages.Slot(sum: Int128(pick(1000)) - 500, occurrences: Int64(pick(5)), events: 1))
        }
    }

    /// The table's contents as (key words, sum, occurrences, events), sorted.
    static func contents(_ t: StateTable) -> [String] {
        var out: [String] = []
        t.forEach { k, s in out.append("\(k.unit) \(k.version) \(k.rule) \(k.period) \(k.group): \(s.sum) \(s.occurrences) \(s.events)") }
        return out.sorted()
    }

    static func model(_ entries: [(StateKey, PeriodPages.Slot)]) -> [String] {
        var d: [StateKey: PeriodPages.Slot] = [:]
        for (k, s) in entries { d[k, default: PeriodPages.Slot()].merge(s) }
        return d.map { k, s in "\(k.unit) \(k.version) \(k.rule) \(k.period) \(k.group): \(s.sum) \(s.occurrences) \(s.events)" }.sorted()
    }

    static func wellFormed(_ t: StateTable) -> Bool {
        var n = 0
        t.forEach { _, _ in n += 1 }
        return n == t.count && t.rows.values.allSatisfy { row in zip(row.keys, row.keys.dropFirst()).allSatisfy { $0 < $1 } }
    }

    @Test func addedInAnyOrderItHoldsWhatADictionaryHolds() async {
        await propertyCheck(count: 100, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let entries = Self.entries(seed, count: 300)
            var table = StateTable()
            for (k, s) in entries { table.add(k, s) }
            #expect(Self.contents(table) == Self.model(entries))
            #expect(Self.wellFormed(table))
            for (k, _) in entries.prefix(20) {
                let cell = StateTable.Cell(k)
                let row = table.row(cell)!
                // A rule's entries are one run, and the rules listed are those of the row, once each, in order.
                let range = row.range(rule: k.rule)
                #expect(range.contains { row.keys[$0] == StateTable.key(rule: k.rule, group: k.group) })
                #expect(row.keys.indices.filter { StateTable.rule(of: row.keys[$0]) == k.rule } == Array(range))
                #expect((table.row(cell)?.rules ?? []) == Array(Set(row.keys.map { Int(StateTable.rule(of: $0)) })).sorted())
                #expect(table[k] != nil)
            }
        }
    }

    @Test func partsMergedWithUnitsAndGroupsRenumberedEqualTheWhole() async {
        await propertyCheck(count: 100, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 0...300)) { seed, cut in
            let entries = Self.entries(seed, count: 300)
            // The second part numbers units and groups its own way (reversed); merging maps them back.
            let units: [Int32] = [3, 2, 1, 0], groups: [Int32] = [7, 2, 1, 0, 0, 0, 0, 0]
            var first = StateTable(), second = StateTable()
            for (k, s) in entries[..<cut] { first.add(k, s) }
            for (k, s) in entries[cut...] {
                var mine = k
                mine.unit = units[Int(k.unit)]
                if k.group >= 0 { mine.group = Int32(groups.firstIndex(of: k.group)!) }
                second.add(mine, s)
            }
            first.merge(second, unit: { units[Int($0)] }, group: { groups[Int($0)] })
            #expect(Self.contents(first) == Self.model(entries))
            #expect(Self.wellFormed(first))
        }
    }
}
