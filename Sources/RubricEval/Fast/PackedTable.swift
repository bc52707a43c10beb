import RubricSyntax

/// An open-addressing table from packed 64-bit keys to running sums: the
/// fast path's per (unit, version, rule, period) state. Each slot keeps its
/// key and its sums together (one cache line per probe); no hashing of
/// structs, no copy-on-write per update: the slots are raw memory owned by
/// the table.
final class PackedTable {
    struct Slot {
        /// key + 1; 0 marks an empty slot.
        var key: UInt64 = 0
        var sum: Int64 = 0
        var occurrences: Int64 = 0
        var events: Int64 = 0
    }

    private var slots: UnsafeMutablePointer<Slot>
    private var size: Int
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 1024) {
        var n = 1024
        while n < capacity * 2 { n <<= 1 }
        size = n
        slots = .allocate(capacity: n)
        slots.initialize(repeating: Slot(), count: n)
        mask = n - 1
    }

    deinit { slots.deallocate() }

    /// Fibonacci hashing: the top bits of the product mix every bit of the key.
    @inline(__always)
    static func slot(_ key: UInt64, _ mask: Int) -> Int {
        let h = key &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: (h >> 32) ^ h) & mask
    }

    /// The slot of `key`, inserting it if new.
    @inline(__always)
    func index(_ key: UInt64) -> UnsafeMutablePointer<Slot> {
        let k = key &+ 1
        var i = Self.slot(k, mask)
        while true {
            let here = slots[i].key
            if here == k { return slots + i }
            if here == 0 { break }
            i = (i + 1) & mask
        }
        if (count + 1) * 2 > size {
            grow()
            return index(key)
        }
        slots[i].key = k
        count += 1
        return slots + i
    }

    /// Adds to the entry at `key`; false (and nothing changed) if the sum would overflow.
    @inline(__always)
    func add(_ key: UInt64, raw: Int64, occurrences n: Int64) -> Bool {
        let s = index(key)
        let (sum, o) = s.pointee.sum.addingReportingOverflow(raw)
        if o { return false }
        s.pointee.sum = sum
        s.pointee.events &+= 1
        s.pointee.occurrences &+= n
        return true
    }

    /// Undoes an `add` (when a later part of the same event could not be added).
    func remove(_ key: UInt64, raw: Int64, occurrences n: Int64) {
        let s = index(key)
        s.pointee.sum &-= raw
        s.pointee.events &-= 1
        s.pointee.occurrences &-= n
    }

    private func grow() {
        let old = slots, oldSize = size
        size *= 2
        slots = .allocate(capacity: size)
        slots.initialize(repeating: Slot(), count: size)
        mask = size - 1
        for j in 0..<oldSize where old[j].key != 0 {
            var i = Self.slot(old[j].key, mask)
            while slots[i].key != 0 { i = (i + 1) & mask }
            slots[i] = old[j]
        }
        old.deallocate()
    }

    /// Every entry: (key, sum, events, occurrences).
    func forEach(_ body: (UInt64, Int64, Int32, Int64) -> Void) {
        for j in 0..<size where slots[j].key != 0 {
            let s = slots[j]
            body(s.key &- 1, s.sum, Int32(truncatingIfNeeded: s.events), s.occurrences)
        }
    }
}

/// Packs (unit, version, rule, period) into 64 bits and back.
enum PackedKey {
    // unit: 24 bits, version: 6, rule: 12, period: 22 (year 14 bits, kind 2, index 6).
    /// The unit and version bits, to which a rule's and a period's are or-ed.
    @inline(__always)
    static func base(unit: Int32, version: Int) -> UInt64 {
        UInt64(UInt32(bitPattern: unit)) << 40 | UInt64(version) << 34
    }

    @inline(__always)
    static func rulePart(_ rule: Int) -> UInt64 { UInt64(rule) << 22 }

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
