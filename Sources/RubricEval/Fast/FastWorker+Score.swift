import RubricCheck
import RubricSyntax

extension FastWorker {
    /// Validates and scores a simple, valid line; false sends it down the general path.
    mutating func fast(_ p: UnsafePointer<UInt8>, _ n: Int, _ lineNo: Int) -> Bool {
        let newest = plans[plans.count - 1]
        guard newest.usable, Self.validUTF8(p, n) else { return false }
        if let cols = csvColumns {
            guard csvSpans(p, n, cols) else { return false }
        } else {
            guard scanner.scan(p, n, into: &record) else { return false }
        }
        guard let type = text(newest.typeField, p).flatMap({ newest.types.lookup($0.0, $0.1) }).map(Int.init),
              let (dp, dn) = text(newest.dateField, p), dn == 10, let day = Self.day(dp),
              let vi = version(day), plans[vi].sameLayout,
              let (up, un) = text(newest.unitField, p), un > 0, let uid = unit(up, un), unitAllowed[Int(uid)] else { return false }
        let plan = plans[vi]
        if plan.general[type] { return false }
        // Every present field: its kind, enum value, range.
        var effective = record.present
        var bits = record.present
        while bits != 0 {
            let f = bits.trailingZeroBitCount
            bits &= bits - 1
            let kind = record.kind[f]
            if kind == .null { effective &= ~(UInt64(1) << UInt64(f)); continue }
            if kind == .bool { return false }
            switch plan.fieldTypes[f] {
            case .string, .date:
                guard kind == .text else { return false }
            case .enum:
                guard kind == .text, let (vp, vn) = text(f, p), let e = plan.enumValues[f]?.lookup(vp, vn) else { return false }
                enumIndex[f] = Int(e)
            case .number, .integer:
                guard kind == .number || (kind == .text && csvColumns != nil),
                      let v = Self.decimal(p + Int(record.start[f]), Int(record.end[f] - record.start[f])) else { return false }
                if plan.fieldTypes[f] == .integer && v % Fixed.scale != 0 { return false }
                let at = type * plan.fieldCount + f
                if v < plan.lower[at] || v > plan.upper[at] { return false }
                raw[f] = v
            }
        }
        guard effective & plan.required[type] == plan.required[type] else { return false }
        var count: Int64 = 1
        if let cf = newest.countField {
            if effective & (UInt64(1) << UInt64(cf)) != 0 { count = raw[cf] / Fixed.scale }
            else if let d = plan.defaults[cf] { count = d / Fixed.scale }
        }
        if let asOf = options.asOf, day > asOf {
            accounting.afterAsOf += 1
            unitUsed[Int(uid)] = true
            return true
        }
        return score(plan, vi, type, day, uid, count, effective, p, n, lineNo)
    }

    mutating func score(_ plan: FastPlan, _ vi: Int, _ type: Int, _ day: Day, _ uid: Int32, _ count: Int64,
                        _ effective: UInt64, _ p: UnsafePointer<UInt8>, _ n: Int, _ lineNo: Int) -> Bool {
        if plan.needed[type] != 0 || materialized != 0 { materialize(plan, type, effective, p) }
        let v = plan.version
        pending.removeAll(keepingCapacity: true)
        pendingPresence.removeAll(keepingCapacity: true)
        for rp in plan.rules[type] {
            if rp.hasCondition {
                do throws(EvalError) { guard try v.matches(at: rp.index, activation) else { continue } } catch { return false }
            }
            var per: Int64
            switch rp.points {
            case .constant(let c): per = c
            case .table(let f, let byValue, let otherwise):
                if effective & (UInt64(1) << UInt64(f)) != 0 {
                    guard let x = byValue[enumIndex[f]] ?? otherwise else { return false }
                    per = x
                } else {
                    guard let o = otherwise else { return false }
                    per = o
                }
            case .general:
                do throws(EvalError) { per = try v.points(v.rules[rp.index], activation).raw } catch { return false }
            }
            let (total, overflow) = per.multipliedReportingOverflow(by: count)
            if overflow { return false }
            pending.append((PackedKey.make(unit: uid, version: vi, rule: rp.index, period: Period(rp.scope, containing: day)), total, count, rp.index))
        }
        for ap in plan.absence[type] {
            if ap.hasCondition {
                do throws(EvalError) { guard try v.matches(at: ap.index, activation) else { continue } } catch { return false }
            }
            pendingPresence.append(PackedKey.make(unit: uid, version: vi, rule: ap.index, period: Period(ap.every, containing: day)))
        }
        for (k, (key, total, occurrences, ri)) in pending.enumerated() where !sums.add(key, raw: total, occurrences: occurrences) {
            for (key2, total2, occurrences2, _) in pending[..<k] { sums.remove(key2, raw: total2, occurrences: occurrences2) }
            let text = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
            reject(Reject(file: path, line: lineNo, field: "", reason: "rule \(v.rules[ri].source.id): the total for \(unitNames[Int(uid)]) overflows", text: text))
            return true
        }
        for key in pendingPresence { _ = presence.add(key, raw: count, occurrences: count) }
        unitUsed[Int(uid)] = true
        if firstDay.map({ day < $0 }) ?? true { firstDay = day }
        if lastDay.map({ day > $0 }) ?? true { lastDay = day }
        accounting.scored += 1
        return true
    }

    /// Puts the fields the type's rules read into the activation.
    mutating func materialize(_ plan: FastPlan, _ type: Int, _ effective: UInt64, _ p: UnsafePointer<UInt8>) {
        var bits = materialized | plan.needed[type]
        while bits != 0 {
            let f = bits.trailingZeroBitCount
            bits &= bits - 1
            let bit = UInt64(1) << UInt64(f)
            guard plan.needed[type] & bit != 0 else { activation.slots[f] = nil; continue }
            let field = plan.schema.fields[f]
            if effective & bit != 0 {
                switch field.type {
                case .enum: activation.slots[f] = plan.enumStrings[f][enumIndex[f]]
                case .number: activation.slots[f] = .double(Double(raw[f]) / Double(Fixed.scale))
                case .integer: activation.slots[f] = .int(raw[f] / Fixed.scale)
                case .string, .date:
                    activation.slots[f] = .string(String(decoding: UnsafeBufferPointer(start: p + Int(record.start[f]), count: Int(record.end[f] - record.start[f])), as: UTF8.self))
                }
            } else if let d = plan.defaults[f] {
                activation.slots[f] = field.type == .integer ? .int(d / Fixed.scale) : .double(Double(d) / Double(Fixed.scale))
            } else {
                activation.slots[f] = nil
            }
        }
        materialized = plan.needed[type]
    }

    /// The version for a day, remembered for the last month seen.
    @inline(__always)
    mutating func version(_ day: Day) -> Int? {
        let key = day.year * 12 + day.month
        if key == lastVersionMonth { return lastVersion }
        lastVersionMonth = key
        lastVersion = scorer.versionIndex(for: day)
        return lastVersion
    }

    /// The span of a present text field.
    @inline(__always)
    func text(_ f: Int, _ p: UnsafePointer<UInt8>) -> (UnsafePointer<UInt8>, Int)? {
        guard record.kind[f] == .text else { return nil }
        return (p + Int(record.start[f]), Int(record.end[f] - record.start[f]))
    }

    /// The id of a unit, interning it (and checking the roster) on first sight.
    mutating func unit(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        if let id = unitTable.lookup(p, n) { return id }
        let bytes = Array(UnsafeBufferPointer(start: p, count: n))
        guard let name = String(validating: bytes, as: UTF8.self) else { return nil }
        let id = Int32(unitNames.count)
        unitTable.insert(bytes, id)
        unitNames.append(name)
        unitAllowed.append(options.roster?.set.contains(name) ?? true)
        unitUsed.append(false)
        return id
    }

    /// `YYYY-MM-DD`, checked.
    @inline(__always)
    static func day(_ p: UnsafePointer<UInt8>) -> Day? {
        guard p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-") else { return nil }
        var v = [0, 0, 0]
        for (k, (s, e)) in [(0, 4), (5, 7), (8, 10)].enumerated() {
            for i in s..<e {
                let c = p[i] &- 48
                guard c < 10 else { return nil }
                v[k] = v[k] * 10 + Int(c)
            }
        }
        guard v[0] >= 1, v[1] >= 1, v[1] <= 12, v[2] >= 1, v[2] <= Day.daysIn(year: v[0], month: v[1]) else { return nil }
        return Day(year: v[0], month: v[1], day: v[2])
    }

    /// A plain decimal (`-12.5`, at most 6 decimals, no exponent) as raw `Fixed`.
    @inline(__always)
    static func decimal(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        guard n > 0, n <= 19 else { return nil }
        var i = 0
        let negative = p[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var v: Int64 = 0
        var digits = 0
        var frac = -1
        while i < n {
            let c = p[i]
            if c == UInt8(ascii: ".") {
                guard frac < 0 else { return nil }
                frac = 0
            } else {
                let d = c &- 48
                guard d < 10 else { return nil }
                v = v * 10 + Int64(d)
                digits += 1
                if frac >= 0 { frac += 1 }
            }
            i += 1
        }
        guard digits > 0, frac != 0, frac <= Fixed.digits else { return nil }
        for _ in 0..<(Fixed.digits - max(frac, 0)) { v *= 10 }
        return negative ? -v : v
    }

    /// Whether the bytes are valid UTF-8 (ASCII lines are checked in one pass).
    @inline(__always)
    static func validUTF8(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i < n {
            if i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let c = p[i]
            if c < 0x80 { i += 1; continue }
            let need: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return false
            }
            guard i + need < n else { return false }
            let b1 = p[i + 1]
            guard b1 >= lo && b1 <= hi else { return false }
            for k in 2...max(2, need) where k <= need {
                guard p[i + k] >= 0x80 && p[i + k] <= 0xBF else { return false }
            }
            i += need + 1
        }
        return true
    }
}
