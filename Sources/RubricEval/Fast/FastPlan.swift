import RubricCheck
import RubricSyntax

/// One rubric version prepared for the fast path: byte tables for names,
/// per-type masks of required and needed fields, bounds as raw decimals,
/// and each rule's points in their cheapest form.
final class FastPlan: @unchecked Sendable {
    enum Points {
        case constant(Int64)
        /// Points by the enum value index of a field.
        case table(field: Int, byValue: [Int64?], otherwise: Int64?)
        /// Anything else: the compiled rule computes it.
        case general
    }

    struct Rule {
        var index: Int
        var scope: PeriodKind
        var hasCondition: Bool
        var points: Points
    }

    let version: CompiledRubric
    let schema: Schema
    let fields: ByteTable
    let types: ByteTable
    let enumValues: [ByteTable?]
    /// Cached `.string` values of enum fields, by value index.
    let enumStrings: [[Value]]
    let required: [UInt64]
    /// Fields the rules of each type read (materialized into the activation).
    let needed: [UInt64]
    /// Bounds per type and field, as raw `Fixed`, at `type * fieldCount + field`
    /// (Int64.min / Int64.max where there is none).
    let lower: [Int64]
    let upper: [Int64]
    let fieldCount: Int
    let rules: [[Rule]]
    let absence: [[(index: Int, every: PeriodKind, hasCondition: Bool)]]
    let defaults: [Int64?]
    /// Types with a rule capped per field value: the general path scores them.
    let general: [Bool]
    let fieldTypes: [FieldType]
    let typeField: Int, dateField: Int, unitField: Int
    let countField: Int?
    /// The field layout is the newest version's (the scanner reads with that one's names).
    var sameLayout = true
    /// The fast path applies: at most 64 fields.
    let usable: Bool

    init(_ v: CompiledRubric) {
        version = v
        schema = v.rubric.schema
        let s = schema
        usable = s.fields.count <= 64
        var ft = ByteTable(capacity: s.fields.count)
        for (i, f) in s.fields.enumerated() { ft.insert(Array(f.name.utf8), Int32(i)) }
        fields = ft
        var tt = ByteTable(capacity: s.types.count)
        for (i, t) in s.types.enumerated() { tt.insert(Array(t.name.utf8), Int32(i)) }
        types = tt
        enumValues = s.fields.map { f in
            guard f.type == .enum else { return nil }
            var t = ByteTable(capacity: f.values.count)
            for (i, v) in f.values.enumerated() { t.insert(Array(v.utf8), Int32(i)) }
            return t
        }
        enumStrings = s.fields.map { $0.values.map { Value.string($0) } }
        defaults = s.fields.map { $0.defaultValue?.raw }
        fieldTypes = s.fields.map(\.type)
        (typeField, dateField, unitField, countField) = (s.typeField, s.dateField, s.unitField, s.countField)
        func mask(_ fs: [Int]) -> UInt64 { fs.reduce(0) { $0 | (UInt64(1) << UInt64($1)) } }
        required = s.types.map { mask($0.required) }
        fieldCount = s.fields.count
        lower = s.types.indices.flatMap { t in s.fields.indices.map { s.bounds($0, on: t).min?.raw ?? .min } }
        upper = s.types.indices.flatMap { t in s.fields.indices.map { s.bounds($0, on: t).max?.raw ?? .max } }
        var needed = [UInt64](repeating: 0, count: s.types.count)
        var rules = [[Rule]](repeating: [], count: s.types.count)
        var absence = [[(index: Int, every: PeriodKind, hasCondition: Bool)]](repeating: [], count: s.types.count)
        for r in v.rules {
            let src = r.source
            var reads = Set<String>()
            for e in [src.when, src.absence?.when].compactMap({ $0 }) { reads.formUnion(e.reads); reads.formUnion(e.presenceTested) }
            var points = Points.general
            switch src.points {
            case .constant(let c): points = .constant(c.raw)
            case .repeated(_, let then): points = .constant(then.raw)
            case .expression(let e): reads.formUnion(e.reads); reads.formUnion(e.presenceTested)
            case .table(let f, let entries, let otherwise):
                if s.fields[f].type == .enum {
                    points = .table(field: f, byValue: s.fields[f].values.map { entries[$0]?.raw }, otherwise: otherwise?.raw)
                }
            }
            var readMask = mask(reads.compactMap { s.fieldIndex[$0] })
            if case .table(let f, _, _) = src.points { readMask |= UInt64(1) << UInt64(f) }
            if let a = src.absence {
                for t in a.types { absence[t].append((r.index, a.every, src.absence?.when != nil)); needed[t] |= readMask }
            } else {
                for t in src.types {
                    rules[t].append(Rule(index: r.index, scope: src.scope, hasCondition: src.when != nil, points: points))
                    needed[t] |= readMask
                }
            }
        }
        self.needed = needed
        var general = [Bool](repeating: false, count: s.types.count)
        for r in v.rules where r.source.capPer != nil || !r.source.units.isEmpty {
            for t in r.source.types + (r.source.absence?.types ?? []) { general[t] = true }
        }
        self.general = general
        self.rules = rules
        self.absence = absence
    }
}
