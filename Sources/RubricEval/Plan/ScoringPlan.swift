import RubricCheck
import RubricSyntax

/// One rubric version's scoring plan, lowered once and read by the one
/// scorer (`Scorer`) whatever reader the events come from: each type's rules
/// as plain records in one flat list with their points in the cheapest form
/// (a constant, a row of a points table by enum value, or the compiled
/// rule), the state column each writes, its roster filter and cap group;
/// and for the byte reader, byte tables for names, per-type masks of
/// required and needed fields, bounds as raw decimals. Everything the hot
/// path reads per event is raw memory (`Pinned`), so reading it retains
/// nothing.
final class ScoringPlan: @unchecked Sendable {
    /// How a present field is checked (beyond the type, unit and date fields' own checks).
    enum Check: UInt8 {
        /// Text, valid UTF-8.
        case text
        /// Text, one of the field's values.
        case enumValue
        /// A JSON number (or, in CSV, text) that is a plain decimal within the type's bounds.
        case number
        /// As `number`, and whole.
        case integer
    }

    enum PointsKind: UInt8 {
        case constant
        /// A points table: a row by the enum value index of a field, or by
        /// the value's text (`keys`); `constant` is the `otherwise`.
        case table
        /// An expression: the compiled rule computes it.
        case expression
    }

    /// A rule of a type, as the hot loop reads it.
    struct Rule {
        var index: Int32
        var periodKind: UInt8
        var hasCondition: Bool
        var points: PointsKind
        /// For tables: the field, whether there is an `otherwise` (in `constant`), the values' offset in `tableValues`.
        var field: Int32 = 0
        /// The rule's slot in a row of its period kind's pages (`PeriodPages`), within this version's columns.
        var column: Int32 = 0
        var hasOtherwise = false
        var tableAt: Int32 = 0
        /// A table keyed by a field that is not an enum: its rows by value text in `tableKeys`; -1 otherwise.
        var keys: Int32 = -1
        var constant: Int64 = 0
        /// A rule limited to some units (`units:`): its place among this version's `filtered` rules; -1 otherwise.
        var filter: Int32 = -1
        /// A rule capped per value of a field: that field; -1 otherwise.
        var groupField: Int32 = -1
        /// What an event without that field does (`cap.missing`): 0 together, 1 alone, 2 reject.
        var missing: UInt8 = 0
    }

    /// An absence rule fed by a type.
    struct Absence {
        var index: Int32
        var periodKind: UInt8
        var hasCondition: Bool
        var column: Int32
        var filter: Int32 = -1
    }

    /// A points table with no row for an enum value.
    static let noPoints = Int64.min

    /// What the hot path reads per event: plain values and raw memory, so a
    /// copy of it is a few loads and reading it retains nothing. Valid while
    /// the plan lives.
    struct Tables {
        let fields: ByteTable.View
        let types: ByteTable.View
        /// Every enum field's values, tagged with the field's index.
        let enums: ByteTable.View
        let fieldCount: Int
        let typeField: Int, dateField: Int, unitField: Int
        /// -1: no count field.
        let countField: Int
        /// The fast path applies: at most 64 fields.
        let usable: Bool
        /// Fields whose checks are the type, unit and date fields' own (a string type field is checked by its lookup).
        let ownChecked: UInt64
        let checks: UnsafePointer<Check>
        let required: UnsafePointer<UInt64>
        /// Fields the rules of each type read (materialized into the activation).
        let needed: UnsafePointer<UInt64>
        /// Number fields each type's expressions read as doubles (`CompiledRubric.exactNumbers`).
        let exact: UnsafePointer<UInt64>
        /// Bounds per type and field, as raw `Fixed`, at `type * fieldCount + field`
        /// (Int64.min / Int64.max where there is none).
        let lower: UnsafePointer<Int64>
        let upper: UnsafePointer<Int64>
        /// Defaults as raw `Fixed` (meaningful where `hasDefault` has the field's bit).
        let defaults: UnsafePointer<Int64>
        let hasDefault: UInt64
        /// Type t's rules are `rules[ruleStart[t] ..< ruleStart[t + 1]]`; likewise its absence rules.
        let ruleStart: UnsafePointer<Int32>
        let rules: UnsafePointer<Rule>
        let absenceStart: UnsafePointer<Int32>
        let absence: UnsafePointer<Absence>
        let tableValues: UnsafePointer<Int64>
    }

    let version: CompiledRubric
    let schema: Schema
    let tables: Tables
    /// Cached `.string` values of enum fields, by value index.
    let enumStrings: [[Value]]
    /// The field layout is the newest version's (the byte reader reads with that one's names).
    private(set) var sameLayout = true
    /// Each enum field's values' indices, by text (the points tables' rows).
    let enumIndex: [[String: Int32]]
    /// The rows of points tables keyed by fields that are not enums, by value text.
    let tableKeys: [[String: Int32]]
    /// The rules limited to some units, in plan order (`Rule.filter` indexes it).
    let filtered: [Int]
    /// The most rules (plus absence rules) any one type has.
    let mostRules: Int
    /// By period kind code: the rule in each column of this version's part of a page row, and whether it counts absence.
    let columns: [[(rule: Int, absence: Bool)]]
    /// Owners of the memory `tables` reads.
    private let pins = Pinned()
    private let names: [ByteTable]

    init(_ v: CompiledRubric) {
        version = v
        schema = v.rubric.schema
        let s = schema
        let fields = ByteTable(capacity: s.fields.count)
        for (i, f) in s.fields.enumerated() { fields.insert(Array(f.name.utf8), Int32(i)) }
        let types = ByteTable(capacity: s.types.count)
        for (i, t) in s.types.enumerated() { types.insert(Array(t.name.utf8), Int32(i)) }
        let enums = ByteTable(capacity: s.fields.reduce(0) { $0 + $1.values.count })
        for (f, field) in s.fields.enumerated() where field.type == .enum {
            for (i, value) in field.values.enumerated() { enums.insert(Array(value.utf8), Int32(i), tag: Int32(f)) }
        }
        enumStrings = s.fields.map { $0.values.map { Value.string($0) } }
        enumIndex = s.fields.map { f in Dictionary(uniqueKeysWithValues: f.values.enumerated().map { ($1, Int32($0)) }) }
        names = [fields, types, enums]
        func mask(_ fs: [Int]) -> UInt64 { fs.reduce(0) { $0 | (UInt64(1) << UInt64($1)) } }
        let ownChecked = mask([s.typeField, s.unitField, s.dateField].filter { s.fields[$0].type == .string || $0 == s.dateField })
        let checks = pins.pin(s.fields.map { f -> Check in
            switch f.type {
            case .string, .date: return .text
            case .enum: return .enumValue
            case .number: return .number
            case .integer: return .integer
            }
        })
        let required = pins.pin(s.types.map { mask($0.required) })
        let lower = pins.pin(s.types.indices.flatMap { t in s.fields.indices.map { s.bounds($0, on: t).min?.raw ?? .min } })
        let upper = pins.pin(s.types.indices.flatMap { t in s.fields.indices.map { s.bounds($0, on: t).max?.raw ?? .max } })
        let defaults = pins.pin(s.fields.map { $0.defaultValue?.raw ?? 0 })
        let hasDefault = mask(s.fields.indices.filter { s.fields[$0].defaultValue != nil })

        var needed = [UInt64](repeating: 0, count: s.types.count)
        var rules = [[Rule]](repeating: [], count: s.types.count)
        var absence = [[Absence]](repeating: [], count: s.types.count)
        var tableValues: [Int64] = []
        var columns = [[(rule: Int, absence: Bool)]](repeating: [], count: 4)
        var filtered: [Int] = []
        var tableKeys: [[String: Int32]] = []
        for r in v.rules {
            let src = r.source
            var reads = Set<String>()
            for e in [src.when, src.absence?.when].compactMap({ $0 }) { reads.formUnion(e.reads); reads.formUnion(e.presenceTested) }
            let kind = PeriodCode.kindCode(src.absence?.every ?? src.scope)
            let column = Int32(columns[kind].count)
            columns[kind].append((r.index, src.absence != nil))
            var rule = Rule(index: Int32(r.index), periodKind: UInt8(kind), hasCondition: src.when != nil, points: .expression, column: column)
            if !src.units.isEmpty {
                rule.filter = Int32(filtered.count)
                filtered.append(r.index)
            }
            if let f = src.capPer {
                rule.groupField = Int32(f)
                rule.missing = src.capMissing == .alone ? 1 : src.capMissing == .reject ? 2 : 0
                reads.insert(s.fields[f].name)
            }
            switch src.points {
            // Each occurrence of steps adds `then`; `RuleSemantics.rawTotal` adds what the steps differ by.
            case .constant(let c), .steps(_, let c): (rule.points, rule.constant) = (.constant, c.raw)
            case .expression(let e): reads.formUnion(e.reads); reads.formUnion(e.presenceTested)
            case .table(let f, let entries, let otherwise):
                rule.points = .table
                rule.field = Int32(f)
                (rule.hasOtherwise, rule.constant) = (otherwise != nil, otherwise?.raw ?? 0)
                rule.tableAt = Int32(tableValues.count)
                if s.fields[f].type == .enum {
                    tableValues += s.fields[f].values.map { entries[$0]?.raw ?? Self.noPoints }
                } else {
                    let keys = entries.keys.sorted()
                    rule.keys = Int32(tableKeys.count)
                    tableKeys.append(Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, Int32($0)) }))
                    tableValues += keys.map { entries[$0]!.raw }
                }
            }
            var readMask = mask(reads.compactMap { s.fieldIndex[$0] })
            if case .table(let f, _, _) = src.points { readMask |= UInt64(1) << UInt64(f) }
            if let a = src.absence {
                for t in a.types {
                    absence[t].append(Absence(index: Int32(r.index), periodKind: UInt8(kind), hasCondition: a.when != nil, column: column, filter: rule.filter))
                    needed[t] |= readMask
                }
            } else {
                for t in src.types {
                    rules[t].append(rule)
                    needed[t] |= readMask
                }
            }
        }
        let neededTable = pins.pin(needed)
        func starts(_ lists: [[some Any]]) -> [Int32] { lists.reduce(into: [0]) { $0.append($0.last! + Int32($1.count)) } }
        tables = Tables(
            fields: fields.view, types: types.view, enums: enums.view, fieldCount: s.fields.count,
            typeField: s.typeField, dateField: s.dateField, unitField: s.unitField, countField: s.countField ?? -1,
            usable: s.fields.count <= 64, ownChecked: ownChecked, checks: checks, required: required, needed: neededTable,
            exact: pins.pin(v.exactNumbers.map { mask(Array($0)) }),
            lower: lower, upper: upper, defaults: defaults, hasDefault: hasDefault,
            ruleStart: pins.pin(starts(rules)), rules: pins.pin(rules.flatMap { $0 }),
            absenceStart: pins.pin(starts(absence)), absence: pins.pin(absence.flatMap { $0 }), tableValues: pins.pin(tableValues))
        self.columns = columns
        self.filtered = filtered
        self.tableKeys = tableKeys
        mostRules = zip(rules, absence).map { $0.count + $1.count }.max() ?? 0
    }
}

extension ScoringPlan {
    /// The plans of every version a run may use. Lines are read with the
    /// newest schema's field and type tables; an older version's events take
    /// the byte reader only when its tables are the same (else its type
    /// indices would differ).
    static func plans(for options: EvalOptions) -> [ScoringPlan] {
        let plans = options.versions.map(ScoringPlan.init)
        guard let newest = plans.last?.schema else { return plans }
        for p in plans {
            p.sameLayout = p.schema.fields.map(\.name) == newest.fields.map(\.name) && p.schema.typeField == newest.typeField
                && p.schema.dateField == newest.dateField && p.schema.unitField == newest.unitField
                && p.schema.countField == newest.countField
                && p.schema.types.map(\.name) == newest.types.map(\.name)
        }
        return plans
    }
}

/// Copies of plain arrays in raw memory, freed together when their owner goes.
final class Pinned {
    private var buffers: [UnsafeMutableRawPointer] = []

    /// A read-only copy of `a` (at least one element's room, so an empty array gives a valid pointer).
    func pin<T: BitwiseCopyable>(_ a: [T]) -> UnsafePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(a.count, 1))
        a.withUnsafeBufferPointer { if let b = $0.baseAddress { p.initialize(from: b, count: a.count) } }
        buffers.append(UnsafeMutableRawPointer(p))
        return UnsafePointer(p)
    }

    deinit { for b in buffers { b.deallocate() } }
}
