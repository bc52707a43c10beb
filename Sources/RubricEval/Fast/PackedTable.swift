/// An open-addressing table from packed 64-bit keys to running sums: the
/// fast path's per (unit, version, rule, period) state. No hashing of
/// structs, no copy-on-write per update.
struct PackedTable {
    private(set) var keys: [UInt64]
    private(set) var sums: [Int64]
    private(set) var events: [Int32]
    private(set) var occurrences: [Int64]
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 1024) {
        var n = 1024
        while n < capacity * 2 { n <<= 1 }
        keys = Array(repeating: 0, count: n)
        sums = Array(repeating: 0, count: n)
        events = Array(repeating: 0, count: n)
        occurrences = Array(repeating: 0, count: n)
        mask = n - 1
    }

    @inline(__always)
    static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// The slot of `key` (stored as key + 1; 0 marks empty), inserting it if new.
    @inline(__always)
    mutating func index(_ key: UInt64) -> Int {
        let k = key &+ 1
        var i = Self.slot(k, mask)
        while true {
            let here = keys[i]
            if here == k { return i }
            if here == 0 {
                if (count + 1) * 2 > keys.count {
                    grow()
                    return index(key)
                }
                keys[i] = k
                count += 1
                return i
            }
            i = (i + 1) & mask
        }
    }

    /// The current sum at `key` (0 when absent).
    @inline(__always)
    func sum(_ key: UInt64) -> Int64 {
        let k = key &+ 1
        var i = Self.slot(k, mask)
        while keys[i] != 0 {
            if keys[i] == k { return sums[i] }
            i = (i + 1) & mask
        }
        return 0
    }

    @inline(__always)
    mutating func add(_ key: UInt64, raw: Int64, occurrences n: Int64) {
        let i = index(key)
        sums[i] &+= raw
        events[i] &+= 1
        occurrences[i] &+= n
    }

    private mutating func grow() {
        var bigger = PackedTable(capacity: keys.count)
        for i in keys.indices where keys[i] != 0 {
            let j = bigger.index(keys[i] &- 1)
            bigger.sums[j] = sums[i]
            bigger.events[j] = events[i]
            bigger.occurrences[j] = occurrences[i]
        }
        self = bigger
    }

    /// Every entry: (key, sum, events, occurrences).
    func forEach(_ body: (UInt64, Int64, Int32, Int64) -> Void) {
        for i in keys.indices where keys[i] != 0 { body(keys[i] &- 1, sums[i], events[i], occurrences[i]) }
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

import RubricSyntax
