import Foundation
import RubricCheck
import RubricSyntax

/// Generates a plausible event log for any rubric, from its event schema
/// and rules alone: events of every declared type, values inside their
/// enums and ranges, deterministic under a seed. For examples, benchmarks
/// and property tests; it knows no rubric's vocabulary.
public struct EventGenerator {
    public struct Options: Sendable {
        public var units: [String]
        public var year: Int
        public var events: Int
        public var seed: UInt64
        /// Fraction of absence-counted sub-periods left empty (so absence rules fire).
        public var gapRate: Double = 0.06
        public init(units: [String], year: Int, events: Int, seed: UInt64) {
            self.units = units
            self.year = year
            self.events = events
            self.seed = seed
        }
    }

    let rubric: CheckedRubric
    let o: Options
    var rng: SplitMix64
    /// Types counted by absence rules, and the sub-period they need.
    let presenceTypes: [(type: Int, every: PeriodKind)]
    /// Other types with a weight: category rules weigh most, year-scoped adjustments least.
    let weighted: [(type: Int, weight: Double)]
    let yearTypes: [Int]

    public init(rubric: CheckedRubric, options: Options) {
        self.rubric = rubric
        o = options
        rng = SplitMix64(seed: options.seed)
        var presence: [(Int, PeriodKind)] = []
        var weights: [Int: Double] = [:]
        var yearly = Set<Int>()
        for r in rubric.rules {
            if let a = r.absence { for t in a.types where !presence.contains(where: { $0.0 == t }) { presence.append((t, a.every)) }; continue }
            for t in r.types {
                if r.scope == .year { yearly.insert(t) } else { weights[t] = max(weights[t] ?? 0, r.category != nil ? 1.0 : 0.6) }
            }
        }
        presenceTypes = presence
        yearTypes = yearly.sorted()
        weighted = weights.keys.sorted().filter { t in !presence.contains { $0.0 == t } && !yearly.contains(t) }.map { ($0, weights[$0]!) }
    }

    /// One generated event, as JSON Lines text or CSV cells.
    public struct Event {
        public var day: Day
        public var fields: [(name: String, value: String, isNumber: Bool)]
    }

    /// Calls `emit` with about `events` events in total, in date order,
    /// from `firstMonth` to December: every type some rule scores at least
    /// once (as far as the budget goes), the types counted by absence rules
    /// for a share of (unit, month) pairs (all but `gapRate` of them when the
    /// budget allows), a few year-scoped findings in December, the rest
    /// spread over the other types by weight.
    public mutating func generate(firstMonth: Int = 1, _ emit: (Event) -> Void) {
        let months = Array(max(1, min(12, firstMonth))...12)
        var budget = max(0, o.events)
        // Each type once, in the order rules name them.
        var once: [[Int]] = Array(repeating: [], count: months.count)
        let every = presenceTypes.map(\.type) + weighted.map(\.type) + yearTypes
        for (i, t) in every.prefix(budget).enumerated() {
            once[yearTypes.contains(t) ? months.count - 1 : i % months.count].append(t)
        }
        budget -= min(budget, every.count)
        let yearly = yearTypes.isEmpty ? 0 : min(yearTypes.count * max(1, o.units.count / 10), budget / 20)
        budget -= yearly
        let slots = o.units.count * months.count * presenceTypes.count
        let presenceShare = min(Double(slots) * (1 - o.gapRate), Double(budget) / 2)
        let present = slots == 0 ? 0 : presenceShare / Double(slots)
        let rest = max(0, budget - Int(presenceShare.rounded()))
        let totalWeight = weighted.reduce(0) { $0 + $1.weight }
        var serial = 0
        for (m, month) in months.enumerated() {
            var batch: [Event] = []
            for t in once[m] { batch.append(make(t, pickUnit(), month)) }
            for (type, _) in presenceTypes {
                for unit in o.units where rng.unit() < present {
                    batch.append(make(type, unit, month))
                }
            }
            let share = rest / months.count + (m < rest % months.count ? 1 : 0)
            for _ in 0..<share where totalWeight > 0 {
                var x = rng.unit() * totalWeight
                var chosen = weighted[0].type
                for (t, w) in weighted { x -= w; if x < 0 { chosen = t; break } }
                batch.append(make(chosen, pickUnit(), month))
            }
            if m == months.count - 1, !yearTypes.isEmpty {
                for k in 0..<yearly { batch.append(make(yearTypes[k % yearTypes.count], pickUnit(), month)) }
            }
            batch.sort { $0.day < $1.day }
            for var e in batch {
                serial += 1
                if let idf = rubric.schema.idField {
                    e.fields.insert((rubric.schema.fields[idf].name, "E\(String(serial))", false), at: 0)
                }
                emit(e)
            }
        }
    }

    /// Units are not equally good: some get far more findings than others.
    mutating func pickUnit() -> String {
        let n = o.units.count
        let i = Int(Double(n) * Foundation.pow(rng.unit(), 1.3))
        return o.units[min(i, n - 1)]
    }

    /// Fields some type requires: added only where required (a `rank` on a
    /// lateness finding would be noise).
    var optionalShared: Set<Int> { Set(rubric.schema.types.flatMap(\.required)) }

    mutating func make(_ type: Int, _ unit: String, _ month: Int) -> Event {
        let s = rubric.schema
        let day = Day(year: o.year, month: month, day: 1 + Int(rng.next() % UInt64(Day.daysIn(year: o.year, month: month))))
        var fields: [(String, String, Bool)] = [
            (s.fields[s.dateField].name, day.description, false),
            (s.fields[s.unitField].name, unit, false),
            (s.fields[s.typeField].name, s.types[type].name, false),
        ]
        for (i, f) in s.fields.enumerated() where i != s.dateField && i != s.unitField && i != s.typeField && i != s.idField {
            let required = s.types[type].required.contains(i)
            if i == s.countField {
                if rng.unit() < 0.12 { fields.append((f.name, String(2 + rng.next() % 3), true)) }
                continue
            }
            guard required || (f.type == .enum && !optionalShared.contains(i) && rng.unit() < 0.4) else { continue }
            switch f.type {
            case .enum:
                fields.append((f.name, f.values[Int(rng.next() % UInt64(f.values.count))], false))
            case .number, .integer:
                let (lo, hi) = s.bounds(i, on: type)
                let l = lo?.doubleValue ?? 0, h = hi?.doubleValue ?? (l + 10)
                // Narrow ranges (an assessors' choice of points) uniformly;
                // wide ones (a percentage) mostly near the top, in steps of 0.5.
                let u = rng.unit()
                var v = h - l > 20 ? h - (h - l) * 0.3 * u * u : l + (h - l) * u
                v = f.type == .integer ? v.rounded(.down) : (v * 2).rounded(.down) / 2
                v = min(max(v, l), h)
                fields.append((f.name, Fixed(double: v)!.description, true))
            case .string, .date:
                break
            }
        }
        return Event(day: day, fields: fields)
    }
}

/// A small, fast, seedable generator (SplitMix64).
public struct SplitMix64 {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
