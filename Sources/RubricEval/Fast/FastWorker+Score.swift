import RubricCheck
import RubricSyntax

extension FastWorker {
    /// Reads a simple, valid line in place and scores it; false sends it to the general reader.
    mutating func fast(_ p: UnsafePointer<UInt8>, _ n: Int, _ lineNo: Int) -> Bool {
        guard newest.usable else { return false }
        // The line is UTF-8 as a whole (one pass, ASCII a word at a time), or the general path words
        // why not: then no field needs its own check (a field's span starts and ends at ASCII bytes).
        guard validUTF8 || ByteParsing.validUTF8(p, n) else { return false }
        if let csv {
            guard csv.split(p, n, into: &record) else { return false }
        } else {
            guard scanner.scan(p, n, into: &record) else { return false }
        }
        let tf = newest.typeField, df = newest.dateField, uf = newest.unitField
        // Values are looked up by their bytes: a type, date or unit written with escapes is read the general way.
        let own = UInt64(1) << UInt64(tf) | UInt64(1) << UInt64(df) | UInt64(1) << UInt64(uf)
        guard record.escaped & own == 0, record.has(tf, .text), let t = newest.types.lookup(p + Int(record.start[tf]), Int(record.end[tf] - record.start[tf])),
              record.has(df, .text), record.end[df] - record.start[df] == 10,
              let vi = day(p + Int(record.start[df])),
              record.has(uf, .text), record.end[uf] > record.start[uf],
              let uid = unit(p + Int(record.start[uf]), Int(record.end[uf] - record.start[uf])),
              scorer.isOnRoster(uid) else { return false }
        let type = Int(t)
        let plan = scorer.memory.tables + vi
        guard let effective = checkFields(plan, type, p) else { return false }
        var count: Int64 = 1
        let cf = newest.countField
        if cf >= 0 {
            if effective & (UInt64(1) << UInt64(cf)) != 0 { count = scratch.raw[cf] / Fixed.scale }
            else if plan.pointee.hasDefault & (UInt64(1) << UInt64(cf)) != 0 { count = plan.pointee.defaults[cf] / Fixed.scale }
        }
        // An expression reads a value written with escapes: the general reader decodes it.
        if record.escaped & plan.pointee.needed[type] != 0 { return false }
        if plan.pointee.needed[type] != 0 || materialized != 0 {
            // The plan lent, not retained: with two threads, every retain of the one shared plan was a contended count.
            planRefs[vi]._withUnsafeGuaranteedRef { materialize($0, type, effective, p) }
        }
        let known = scorer.isUsed(uid)
        var site: Scorer.Site?
        if case .none = options.trace {} else {
            // Explanations name the event: its unit as written, its line and its id.
            var eventId: String?
            if let idf = plans[vi].schema.idField, effective & (UInt64(1) << UInt64(idf)) != 0 {
                guard record.escaped & (UInt64(1) << UInt64(idf)) == 0 else { return false }
                eventId = text(p, idf)
            }
            site = Scorer.Site(file: fileIndex, line: lineNo, eventId: eventId, unit: text(p, uf))
        }
        // A rule that cannot be evaluated: the general reader rejects the event, in the scorer's words.
        guard scorer.score(version: vi, type: type, unit: uid, count: count, site: site) == nil else { return false }
        if !known { noteFirstSeen(text(p, uf), lineNo) }
        return true
    }

    /// The text of field `f` of the line at `p`, as written (a value without escapes).
    func text(_ p: UnsafePointer<UInt8>, _ f: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: p + Int(record.start[f]), count: Int(record.end[f] - record.start[f])), as: UTF8.self)
    }

    /// Every present field: its kind, UTF-8, enum value, range; then the
    /// type's required fields. The fields present and not null, or nil.
    @inline(__always)
    mutating func checkFields(_ planTables: UnsafePointer<ScoringPlan.Tables>, _ type: Int, _ p: UnsafePointer<UInt8>) -> UInt64? {
        let plan = planTables.pointee
        var effective = record.present
        var bits = record.present & ~plan.ownChecked
        while bits != 0 {
            let f = bits.trailingZeroBitCount
            bits &= bits - 1
            let kind = record.kind[f]
            if kind == .null { effective &= ~(UInt64(1) << UInt64(f)); continue }
            let s = Int(record.start[f]), len = Int(record.end[f]) - s
            switch plan.checks[f] {
            case .text:
                guard kind == .text else { return nil }
            case .enumValue:
                guard kind == .text, record.escaped & (UInt64(1) << UInt64(f)) == 0,
                      let e = plan.enums.lookup(p + s, len, tag: Int32(f)) else { return nil }
                scorer.memory.enumIndex[f] = e
            case .number, .integer:
                guard kind == .number || (kind == .text && csv != nil),
                      let v = Fixed(parsing: UnsafeBufferPointer(start: p + s, count: len))?.raw else { return nil }
                if plan.checks[f] == .integer && v % Fixed.scale != 0 { return nil }
                let at = type * plan.fieldCount + f
                if v < plan.lower[at] || v > plan.upper[at] { return nil }
                // A value an expression could only see rounded: the validator words the rejection.
                if plan.exact[type] & (UInt64(1) << UInt64(f)) != 0 && !Fixed(raw: v).isExactAsDouble { return nil }
                scratch.raw[f] = v
            }
        }
        let required = plan.required[type]
        return effective & required == required ? effective : nil
    }

    /// Puts the fields the type's rules read into the scorer's activation.
    mutating func materialize(_ plan: ScoringPlan, _ type: Int, _ effective: UInt64, _ p: UnsafePointer<UInt8>) {
        let t = plan.tables
        let activation = scorer.activation
        var bits = materialized | t.needed[type]
        while bits != 0 {
            let f = bits.trailingZeroBitCount
            bits &= bits - 1
            let bit = UInt64(1) << UInt64(f)
            guard t.needed[type] & bit != 0 else { activation.slots[f] = nil; continue }
            // The field's check says its type (text: a string or a date), with no copy of the field.
            let check = t.checks[f]
            if effective & bit != 0 {
                switch check {
                case .enumValue: activation.slots[f] = plan.enumStrings[f][Int(scorer.memory.enumIndex[f])]
                case .number: activation.slots[f] = .double(Fixed(raw: scratch.raw[f]).doubleValue)
                case .integer: activation.slots[f] = .int(scratch.raw[f] / Fixed.scale)
                case .text: activation.slots[f] = .string(text(p, f))
                }
            } else if t.hasDefault & bit != 0 {
                let d = t.defaults[f]
                activation.slots[f] = check == .integer ? .int(d / Fixed.scale) : .double(Fixed(raw: d).doubleValue)
            } else {
                activation.slots[f] = nil
            }
        }
        materialized = t.needed[type]
    }

    /// The version that scores the day in the ten date bytes at `p`, if the
    /// byte reader can score with it; the scorer enters the day. Read again
    /// only when the bytes change.
    @inline(__always)
    mutating func day(_ p: UnsafePointer<UInt8>) -> Int? {
        let raw = UnsafeRawPointer(p)
        let bytes = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        if bytes != dayBytes || dayVersion == nil {
            dayBytes = bytes
            dayVersion = nil
            guard let d = ByteParsing.day(p), let vi = scorer.enter(d).version, plans[vi].sameLayout else { return nil }
            dayVersion = vi
        }
        return dayVersion
    }

    /// The id of a unit by its bytes, interning it on first sight. A second
    /// byte spelling of a known name (NFD `cafe` + U+0301 for NFC `café`)
    /// gets the same id (`Scorer.intern`).
    mutating func unit(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        if let id = unitTable.view.lookup(p, n) { return id }
        let bytes = Array(UnsafeBufferPointer(start: p, count: n))
        guard let name = String(validating: bytes, as: UTF8.self) else { return nil }
        let id = scorer.intern(name)
        unitTable.insert(bytes, id)
        return id
    }
}
