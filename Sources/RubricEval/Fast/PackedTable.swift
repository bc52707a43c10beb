import RubricSyntax

/// An open-addressing table from packed 64-bit keys to running sums: the
/// fast path's per (unit, version, rule, period) state. Each slot keeps its
/// key and its sums together (one cache line per probe); no hashing of
/// structs, no copy-on-write per update.
struct PackedTable {
    struct Slot {
        /// key + 1; 0 marks an empty slot.
        var key: UInt64 = 0
        var sum: Int64 = 0
        var occurrences: Int64 = 0
        var events: Int64 = 0
    }

    private(set) var slots: [Slot]
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 1024) {
        var n = 1024
        while n < capacity * 2 { n <<= 1 }
        slots = Array(repeating: Slot(), count: n)
        mask = n - 1
    }

    /// Fibonacci hashing: the top bits of the product mix every bit of the key.
    @inline(__always)
    static func slot(_ key: UInt64, _ mask: Int) -> Int {
        let h = key &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: (h >> 32) ^ h) & mask
    }

    /// The slot of `key`, inserting it if new.
    @inline(__always)
    mutating func index(_ key: UInt64) -> Int {
        if (count + 1) * 2 > slots.count { grow() }
        let k = key &+ 1
        let mask = self.mask
        let found: (Int, Bool) = slots.withUnsafeBufferPointer { s in
            var i = Self.slot(k, mask)
            while true {
                let here = s[i].key
                if here == k { return (i, false) }
                if here == 0 { return (i, true) }
                i = (i + 1) & mask
            }
        }
        if found.1 {
            slots[found.0].key = k
            count += 1
        }
        return found.0
    }

    /// Adds to the entry at `key`; false (and nothing changed) if the sum would overflow.
    @inline(__always)
    mutating func add(_ key: UInt64, raw: Int64, occurrences n: Int64) -> Bool {
        let i = index(key)
        return slots.withUnsafeMutableBufferPointer { s in
            let (sum, o) = s[i].sum.addingReportingOverflow(raw)
            if o { return false }
            s[i].sum = sum
            s[i].events &+= 1
            s[i].occurrences &+= n
            return true
        }
    }

    /// Undoes an `add` (when a later part of the same event could not be added).
    mutating func remove(_ key: UInt64, raw: Int64, occurrences n: Int64) {
        let i = index(key)
        slots[i].sum &-= raw
        slots[i].events &-= 1
        slots[i].occurrences &-= n
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: old.count * 2)
        mask = slots.count - 1
        count = 0
        for s in old where s.key != 0 {
            let i = index(s.key &- 1)
            slots[i].sum = s.sum
            slots[i].events = s.events
            slots[i].occurrences = s.occurrences
        }
    }

    /// Every entry: (key, sum, events, occurrences).
    func forEach(_ body: (UInt64, Int64, Int32, Int64) -> Void) {
        for s in slots where s.key != 0 { body(s.key &- 1, s.sum, Int32(truncatingIfNeeded: s.events), s.occurrences) }
    }
}

/// Packs (unit, version, rule, period) into 64 bits and back.
enum PackedKey {
    // unit: 24 bits, version: 6, rule: 12, period: 22 (year 14 bits, kind 2, index 6).
    @inline(__always)
    static func make(unit: Int32, version: Int, rule: Int, period: Period) -> UInt64 {
        UInt64(UInt32(bitPattern: unit)) << 40 | UInt64(version) << 34 | UInt64(rule) << 22 | periodCode(period)
    }

    @inline(__always)
    static func periodCode(_ p: Period) -> UInt64 {
        UInt64(p.year & 0x3FFF) << 8 | UInt64(kindCode(p.kind)) << 6 | UInt64(p.index)
    }

    @inline(__always)
    static func kindCode(_ k: PeriodKind) -> Int {
        switch k { case .month: return 0; case .quarter: return 1; case .half: return 2; case .year: return 3 }
    }

    static func split(_ key: UInt64) -> (unit: Int32, version: Int, rule: Int, period: Period) {
        let kinds: [PeriodKind] = [.month, .quarter, .half, .year]
        let code = key & 0x3F_FFFF
        let period = Period(kind: kinds[Int((code >> 6) & 3)], year: Int(code >> 8), index: Int(code & 0x3F))
        return (Int32(truncatingIfNeeded: key >> 40), Int((key >> 34) & 0x3F), Int((key >> 22) & 0xFFF), period)
    }
}
