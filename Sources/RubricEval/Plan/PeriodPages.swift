import Foundation
import RubricSyntax

/// The scorer's running state, laid out by period: one page per period
/// (a month, quarter, half or year), a row per unit in each page, and in a
/// row a slot per rule whose scope is that kind of period (for absence
/// rules: the kind they count by), for each version that can score a day
/// of that period (most periods have one; a year split by a mid-year
/// revision has two), so the state grows with the versions in use, not
/// with every version of the rubric. An event's slot is found by
/// arithmetic, not by hashing, and since logs come mostly in date order
/// the slots in use at any moment (the current periods' pages) stay in
/// cache.
final class PeriodPages {
    struct Slot {
        /// Points (raw `Fixed`, exact in 128 bits as `Accumulator.slots`), or
        /// for an absence rule the occurrences seen.
        var sum: Int128 = 0
        var occurrences: Int64 = 0
        var events: Int64 = 0
    }

    /// One period's state and layout (raw memory: the hot path reads it).
    struct Page {
        var slots: UnsafeMutablePointer<Slot>
        /// Slots in a row.
        let width: Int
        /// By version: where its columns start in a row; -1 for a version
        /// that scores no day of the period.
        let base: UnsafePointer<Int>
    }

    private let plans: [ScoringPlan]
    /// The versions that score some day of a period (`EvalOptions.versionIndex`, month by month).
    private let owning: (Period) -> [Int]
    private let pins = Pinned()
    private(set) var unitCapacity = 64
    private var pages: [UInt64: Page] = [:]
    /// By page: each column's owner (version, rule index, counts absence).
    private var owners: [UInt64: [(version: Int, rule: Int, absence: Bool)]] = [:]

    init(plans: [ScoringPlan], owning: @escaping (Period) -> [Int]) {
        self.plans = plans
        self.owning = owning
    }

    deinit { for p in pages.values { Self.release(p.slots, unitCapacity * p.width) } }

    /// Pages this large are mapped on their own, in huge pages where the
    /// system offers them: a page of a 500-rule rubric is megabytes read at
    /// random (an event's unit and rule), and with small pages a tenth of the
    /// run went to address translation.
    private static let hugeBytes = 1 << 21

    /// Room for `count` empty slots (at least one). An empty slot is all
    /// zero bits, so the memory comes zeroed (`mmap`, `calloc`): the rows of
    /// units not yet seen (capacity grows by doubling) cost nothing until used.
    private static func zeroed(_ count: Int) -> UnsafeMutablePointer<Slot> {
        let bytes = max(1, count) * MemoryLayout<Slot>.stride
        if bytes >= hugeBytes {
            let length = (bytes + hugeBytes - 1) / hugeBytes * hugeBytes
            guard let p = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED else {
                fatalError("out of memory for \(count) score slots")
            }
            _ = madvise(p, length, 14)  // MADV_HUGEPAGE (Glibc does not export it); a hint only.
            return p.bindMemory(to: Slot.self, capacity: max(1, count))
        }
        guard let raw = calloc(max(1, count), MemoryLayout<Slot>.stride) else { fatalError("out of memory for \(count) score slots") }
        return raw.bindMemory(to: Slot.self, capacity: max(1, count))
    }

    /// Gives back what `zeroed(count)` gave.
    private static func release(_ slots: UnsafeMutablePointer<Slot>, _ count: Int) {
        let bytes = max(1, count) * MemoryLayout<Slot>.stride
        if bytes >= hugeBytes {
            munmap(slots, (bytes + hugeBytes - 1) / hugeBytes * hugeBytes)
        } else {
            free(slots)
        }
    }

    /// The page of the period with this code (see `PeriodCode`), made on first use.
    func page(_ code: UInt64) -> Page {
        if let p = pages[code] { return p }
        let kind = PeriodCode.kind(code)
        var base = [Int](repeating: -1, count: plans.count)
        var owners: [(version: Int, rule: Int, absence: Bool)] = []
        for v in Set(owning(PeriodCode.period(code))).sorted() {
            base[v] = owners.count
            owners += plans[v].columns[kind].map { (v, $0.rule, $0.absence) }
        }
        let p = Page(slots: Self.zeroed(unitCapacity * owners.count), width: owners.count, base: pins.pin(base))
        pages[code] = p
        self.owners[code] = owners
        return p
    }

    /// Room for rows up to `unit`; true when the pages moved (pointers to them are stale).
    func reserve(unit: Int) -> Bool {
        guard unit >= unitCapacity else { return false }
        var capacity = unitCapacity
        while unit >= capacity { capacity *= 2 }
        for (code, old) in pages {
            let p = Self.zeroed(capacity * old.width)
            p.update(from: old.slots, count: unitCapacity * old.width)
            Self.release(old.slots, unitCapacity * old.width)
            pages[code]!.slots = p
        }
        unitCapacity = capacity
        return true
    }

    /// Every slot that counted an event: (period code, unit, its owner, slot).
    func forEach(units: Int, _ body: (UInt64, Int, (version: Int, rule: Int, absence: Bool), Slot) -> Void) {
        for (code, p) in pages {
            let w = p.width
            let owner = owners[code] ?? []
            for u in 0..<units {
                for c in 0..<w where p.slots[u * w + c].events > 0 { body(code, u, owner[c], p.slots[u * w + c]) }
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
