import RubricSyntax

/// The fast path's running state, laid out by period: one page per period
/// (a month, quarter, half or year), a row per unit in each page, and in a
/// row a slot per rule whose scope is that kind of period (for absence
/// rules: the kind they count by), for every version. An event's slots are
/// found by arithmetic, not by hashing, and since logs come mostly in date
/// order the slots in use at any moment (the current periods' pages) stay
/// in cache.
final class PeriodPages {
    struct Slot {
        /// Points (raw `Fixed`, exact in 128 bits as `Accumulator.slots`), or
        /// for an absence rule the occurrences seen.
        var sum: Int128 = 0
        var occurrences: Int64 = 0
        var events: Int64 = 0
    }

    /// Slots in a row, by period kind code (raw memory: the hot path reads it).
    let width: UnsafePointer<Int>
    /// Where each version's columns start in a row, at `version * 4 + kind`.
    let columnBase: UnsafePointer<Int>
    /// By period kind code, each column's owner: (version, rule index, counts absence).
    let owners: [[(version: Int, rule: Int, absence: Bool)]]
    private let pins = Pinned()
    private(set) var unitCapacity = 64
    private var pages: [UInt64: UnsafeMutablePointer<Slot>] = [:]

    /// The columns of every version's rules, side by side, by the versions' order.
    init(plans: [ScoringPlan]) {
        owners = (0..<4).map { k in plans.enumerated().flatMap { v, plan in plan.columns[k].map { (v, $0.rule, $0.absence) } } }
        width = pins.pin(owners.map(\.count))
        columnBase = pins.pin(plans.indices.flatMap { v in (0..<4).map { k in plans[..<v].reduce(0) { $0 + $1.columns[k].count } } })
    }

    deinit { for p in pages.values { p.deallocate() } }

    /// The page of the period with this code (see `PeriodCode`), made on first use.
    func page(_ code: UInt64) -> UnsafeMutablePointer<Slot> {
        if let p = pages[code] { return p }
        let n = max(1, unitCapacity * width[PeriodCode.kind(code)])
        let p = UnsafeMutablePointer<Slot>.allocate(capacity: n)
        p.initialize(repeating: Slot(), count: n)
        pages[code] = p
        return p
    }

    /// Room for rows up to `unit`; true when the pages moved (pointers to them are stale).
    func reserve(unit: Int) -> Bool {
        guard unit >= unitCapacity else { return false }
        var capacity = unitCapacity
        while unit >= capacity { capacity *= 2 }
        for (code, old) in pages {
            let w = width[PeriodCode.kind(code)]
            let p = UnsafeMutablePointer<Slot>.allocate(capacity: max(1, capacity * w))
            p.initialize(repeating: Slot(), count: max(1, capacity * w))
            p.update(from: old, count: unitCapacity * w)
            old.deallocate()
            pages[code] = p
        }
        unitCapacity = capacity
        return true
    }

    /// Every slot that counted an event: (period code, unit, column, slot); `owners` says whose column it is.
    func forEach(units: Int, _ body: (UInt64, Int, Int, Slot) -> Void) {
        for (code, p) in pages {
            let w = width[PeriodCode.kind(code)]
            for u in 0..<units {
                for c in 0..<w where p[u * w + c].events > 0 { body(code, u, c, p[u * w + c]) }
            }
        }
    }
}

/// A period packed into 22 bits (year 14, kind 2, index 6), as the fast path keys its pages.
enum PeriodCode {
    @inline(__always)
    static func make(_ p: Period) -> UInt64 {
        UInt64(p.year & 0x3FFF) << 8 | UInt64(kindCode(p.kind)) << 6 | UInt64(p.index)
    }

    @inline(__always)
    static func kindCode(_ k: PeriodKind) -> Int {
        switch k { case .month: return 0; case .quarter: return 1; case .half: return 2; case .year: return 3 }
    }

    static let kinds: [PeriodKind] = [.month, .quarter, .half, .year]

    @inline(__always)
    static func kind(_ code: UInt64) -> Int { Int((code >> 6) & 3) }

    static func period(_ code: UInt64) -> Period {
        Period(kind: kinds[kind(code)], year: Int(code >> 8), index: Int(code & 0x3F))
    }
}
