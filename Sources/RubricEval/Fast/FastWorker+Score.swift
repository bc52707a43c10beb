import RubricCheck
import RubricSyntax

extension FastWorker {
    /// Validates and scores a simple, valid line; false sends it down the general path.
    mutating func fast(_ p: UnsafePointer<UInt8>, _ n: Int, _ lineNo: Int) -> Bool {
        guard newest.usable else { return false }
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
              let info = day(p + Int(record.start[df])),
              record.has(uf, .text), record.end[uf] > record.start[uf],
              let uid = unit(p + Int(record.start[uf]), Int(record.end[uf] - record.start[uf])),
              scratch.unitFlags[Int(uid)] & 1 != 0 else { return false }
        let type = Int(t)
        let plan = scratch.tables + info.version
        if plan.pointee.general[type] { return false }
        guard let effective = checkFields(plan, type, p) else { return false }
        var count: Int64 = 1
        let cf = newest.countField
        if cf >= 0 {
            if effective & (UInt64(1) << UInt64(cf)) != 0 { count = scratch.raw[cf] / Fixed.scale }
            else if plan.pointee.hasDefault & (UInt64(1) << UInt64(cf)) != 0 { count = plan.pointee.defaults[cf] / Fixed.scale }
        }
        if info.afterAsOf {
            accounting.afterAsOf += 1
            markUsed(uid, p, lineNo)
            return true
        }
        return score(plan, info.version, type, uid, count, effective, p, n, lineNo)
    }

    /// Every present field: its kind, UTF-8, enum value, range; then the
    /// type's required fields. The fields present and not null, or nil.
    @inline(__always)
    mutating func checkFields(_ planTables: UnsafePointer<FastPlan.Tables>, _ type: Int, _ p: UnsafePointer<UInt8>) -> UInt64? {
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
                guard kind == .text, ByteParsing.validUTF8(p + s, len) else { return nil }
            case .enumValue:
                guard kind == .text, record.escaped & (UInt64(1) << UInt64(f)) == 0,
                      let e = plan.enums.lookup(p + s, len, tag: Int32(f)) else { return nil }
                scratch.enumIndex[f] = e
            case .number, .integer:
                guard kind == .number || (kind == .text && csv != nil),
                      let v = Fixed(parsing: UnsafeBufferPointer(start: p + s, count: len))?.raw else { return nil }
                if plan.checks[f] == .integer && v % Fixed.scale != 0 { return nil }
                let at = type * plan.fieldCount + f
                if v < plan.lower[at] || v > plan.upper[at] { return nil }
                scratch.raw[f] = v
            }
        }
        let required = plan.required[type]
        return effective & required == required ? effective : nil
    }

    mutating func score(_ planTables: UnsafePointer<FastPlan.Tables>, _ vi: Int, _ type: Int, _ uid: Int32, _ count: Int64,
                        _ effective: UInt64, _ p: UnsafePointer<UInt8>, _ n: Int, _ lineNo: Int) -> Bool {
        let plan = planTables.pointee
        // An expression reads a value written with escapes: the general path decodes it.
        if record.escaped & plan.needed[type] != 0 { return false }
        if plan.needed[type] != 0 || materialized != 0 { materialize(plans[vi], type, effective, p) }
        let pending = scratch.pending
        @inline(__always) func slot(_ kind: UInt8, _ column: Int32) -> UnsafeMutablePointer<PeriodPages.Slot> {
            let k = Int(kind)
            return scratch.pageBase[k] + (Int(uid) * pages.width[k] + pages.columnBase[vi * 4 + k] + Int(column))
        }
        // Every rule's points first (a failure sends the whole event down the general path) ...
        var k = 0
        for r in Int(plan.ruleStart[type])..<Int(plan.ruleStart[type + 1]) {
            let rp = plan.rules[r]
            if rp.hasCondition {
                do throws(EvalError) { guard try plans[vi].version.matches(at: Int(rp.index), activation) else { continue } } catch { return false }
            }
            var per: Int64
            switch rp.points {
            case .constant: per = rp.constant
            case .table:
                let f = Int(rp.field)
                if effective & (UInt64(1) << UInt64(f)) != 0 {
                    per = plan.tableValues[Int(rp.tableAt) + Int(scratch.enumIndex[f])]
                    if per == FastPlan.noPoints {
                        guard rp.hasOtherwise else { return false }
                        per = rp.constant
                    }
                } else {
                    guard rp.hasOtherwise else { return false }
                    per = rp.constant
                }
            case .general:
                let v = plans[vi].version
                do throws(EvalError) { per = try v.points(v.rules[Int(rp.index)], activation).raw } catch { return false }
            }
            let (total, overflow) = per.multipliedReportingOverflow(by: count)
            if overflow { return false }
            pending[k] = (slot(rp.periodKind, rp.column), total, rp.index)
            k += 1
        }
        var a = 0
        for r in Int(plan.absenceStart[type])..<Int(plan.absenceStart[type + 1]) {
            let ap = plan.absence[r]
            if ap.hasCondition {
                do throws(EvalError) { guard try plans[vi].version.matches(at: Int(ap.index), activation) else { continue } } catch { return false }
            }
            scratch.pendingPresence[a] = slot(ap.periodKind, ap.column)
            a += 1
        }
        // ... then the additions (exact: a slot's 128-bit sum cannot overflow).
        for j in 0..<k {
            let s = pending[j].0
            s.pointee.sum += Int128(pending[j].1)
            s.pointee.events += 1
            s.pointee.occurrences &+= count
        }
        for i in 0..<a {
            let s = scratch.pendingPresence[i]
            s.pointee.sum += Int128(count)
            s.pointee.events += 1
        }
        markUsed(uid, p, lineNo)
        if !dayInfo!.noted {
            dayInfo!.noted = true
            let d = dayInfo!.day
            if firstDay.map({ d < $0 }) ?? true { firstDay = d }
            if lastDay.map({ d > $0 }) ?? true { lastDay = d }
        }
        accounting.scored += 1
        return true
    }

    /// Puts the fields the type's rules read into the activation.
    mutating func materialize(_ plan: FastPlan, _ type: Int, _ effective: UInt64, _ p: UnsafePointer<UInt8>) {
        let t = plan.tables
        var bits = materialized | t.needed[type]
        while bits != 0 {
            let f = bits.trailingZeroBitCount
            bits &= bits - 1
            let bit = UInt64(1) << UInt64(f)
            guard t.needed[type] & bit != 0 else { activation.slots[f] = nil; continue }
            let field = plan.schema.fields[f]
            if effective & bit != 0 {
                switch field.type {
                case .enum: activation.slots[f] = plan.enumStrings[f][Int(scratch.enumIndex[f])]
                case .number: activation.slots[f] = .double(Double(scratch.raw[f]) / Double(Fixed.scale))
                case .integer: activation.slots[f] = .int(scratch.raw[f] / Fixed.scale)
                case .string, .date:
                    activation.slots[f] = .string(String(decoding: UnsafeBufferPointer(start: p + Int(record.start[f]), count: Int(record.end[f] - record.start[f])), as: UTF8.self))
                }
            } else if t.hasDefault & bit != 0 {
                let d = t.defaults[f]
                activation.slots[f] = field.type == .integer ? .int(d / Fixed.scale) : .double(Double(d) / Double(Fixed.scale))
            } else {
                activation.slots[f] = nil
            }
        }
        materialized = t.needed[type]
    }

    /// What the ten date bytes at `p` mean: the day, its version (if the
    /// fast path can score with it) and its period codes, read again only
    /// when the bytes change.
    @inline(__always)
    mutating func day(_ p: UnsafePointer<UInt8>) -> DayInfo? {
        let raw = UnsafeRawPointer(p)
        let bytes = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        if bytes != dayBytes || dayInfo == nil {
            dayBytes = bytes
            dayInfo = nil
            guard let d = ByteParsing.day(p), let vi = options.versionIndex(for: d), plans[vi].sameLayout else { return nil }
            dayInfo = DayInfo(day: d, version: vi, afterAsOf: options.asOf.map { d > $0 } ?? false)
            for (k, kind) in PeriodCode.kinds.enumerated() {
                scratch.periodCodes[k] = PeriodCode.make(Period(kind, containing: d))
                scratch.pageBase[k] = pages.page(scratch.periodCodes[k])
            }
        }
        return dayInfo
    }

    /// Notes that the line's unit counts (its event is scored or after the
    /// as-of date); the first time, where and in which spelling it was seen.
    @inline(__always)
    mutating func markUsed(_ uid: Int32, _ p: UnsafePointer<UInt8>, _ lineNo: Int) {
        guard scratch.unitFlags[Int(uid)] & 2 == 0 else { return }
        scratch.unitFlags[Int(uid)] |= 2
        let uf = newest.unitField
        let name = String(decoding: UnsafeBufferPointer(start: p + Int(record.start[uf]), count: Int(record.end[uf] - record.start[uf])), as: UTF8.self)
        noteFirstSeen(name, lineNo)
    }

    /// The id of a unit, interning it (and checking the roster) on first sight.
    /// Units are names, compared as Swift compares strings (canonical
    /// equivalence, as the general path's dictionaries do): a second byte
    /// spelling of a known name (NFD `cafe` + U+0301 for NFC `café`) gets the
    /// same id, so both spellings' events land in one unit.
    mutating func unit(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        if let id = unitTable.view.lookup(p, n) { return id }
        let bytes = Array(UnsafeBufferPointer(start: p, count: n))
        guard let name = String(validating: bytes, as: UTF8.self) else { return nil }
        if let known = unitIds[name] {
            unitTable.insert(bytes, known)
            return known
        }
        let id = Int32(unitNames.count)
        unitTable.insert(bytes, id)
        unitIds[name] = id
        unitNames.append(name)
        scratch.addUnit(Int(id), flags: options.roster?.set.contains(name) ?? true ? 1 : 0)
        if pages.reserve(unit: Int(id)), dayInfo != nil {
            for k in 0..<4 { scratch.pageBase[k] = pages.page(scratch.periodCodes[k]) }
        }
        return id
    }
}
