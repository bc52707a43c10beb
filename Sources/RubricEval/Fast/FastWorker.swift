#if canImport(Glibc)
import Glibc
#endif
import RubricCheck
import RubricSyntax

/// Scores the lines of one part of one file. Simple, valid lines go the
/// fast way (spans, byte tables, period pages); any other line takes the
/// general path, which gives the exact same result or rejection.
struct FastWorker {
    /// Bytes past the end of a line that `line(_:_:_:)` may read (never use).
    static let padding = 16

    let options: EvalOptions
    let plans: [FastPlan]
    /// The newest version's tables: the scanner reads with its names.
    let newest: FastPlan.Tables
    let evaluator: Evaluator
    let path: String
    let fileIndex: Int
    /// CSV rows' splitter; nil for JSON Lines.
    let csv: FastCSVSplitter?
    let csvHeader: [String]?
    let lines: LineRecords

    let scratch: Scratch
    var record: FastRecord
    let scanner: FastJSONScanner
    var activation: Activation
    var materialized: UInt64 = 0
    /// The last date's bytes and what they mean (dates repeat line after line).
    var dayBytes: (UInt64, UInt16) = (0, 0)
    var dayInfo: DayInfo?

    // Fast state.
    let unitTable = ByteTable(capacity: 512)
    var unitNames: [String] = []
    /// Each unit's id by name (one id for every spelling of a name).
    var unitIds: [String: Int32] = [:]
    let pages: PeriodPages
    var firstDay: Day?
    var lastDay: Day?
    var accounting = Accounting()
    // The general path's state, for the lines it takes.
    var slow = Accumulator()
    var scorer: EventScorer
    var rejects: [Reject] = []
    /// A CSV line had a quote (quoted cells may span lines, which only the
    /// general reader follows), or was too long to look into: this part's
    /// result is void, the whole file is read the general way.
    var fileNeedsGeneralReader = false

    /// A date of the fast path, as read once for all the lines that carry it.
    struct DayInfo {
        var day: Day
        var version: Int
        var afterAsOf: Bool
        /// Noted in first/last day (once an event of the day is scored).
        var noted = false
    }

    init(options: EvalOptions, plans: [FastPlan], path: String, fileIndex: Int, csvHeader: [String]?) {
        self.options = options
        self.plans = plans
        newest = plans[plans.count - 1].tables
        evaluator = Evaluator(options: options)
        self.path = path
        self.fileIndex = fileIndex
        self.csvHeader = csvHeader
        let schema = plans[plans.count - 1].schema
        lines = LineRecords(path: path, decoder: try! LineDecoder(encoding: .utf8))
        let n = plans.map { $0.schema.fields.count }.max() ?? 0
        let columns = csvHeader.map { $0.map { schema.fieldIndex[$0] ?? -1 } }
        scratch = Scratch(fields: n, rules: plans.map(\.mostRules).max() ?? 0, plans: plans, csvColumns: columns)
        pages = PeriodPages(plans: plans)
        record = FastRecord(scratch.record)
        csv = scratch.csv.map(FastCSVSplitter.init)
        scanner = FastJSONScanner(fields: newest.fields, keys: KeyPredictor(scratch.keys))
        activation = Activation(slotCount: n)
        scorer = EventScorer(options: options)
    }

    /// One physical line (without its terminator), numbered within this part;
    /// `padding` bytes after it must be readable.
    mutating func line(_ p: UnsafePointer<UInt8>, _ n: Int, _ lineNo: Int) {
        var allBlank = true
        for i in 0..<n where p[i] != 0x20 && p[i] != 0x09 { allBlank = false; break }
        if allBlank { return }
        accounting.read += 1
        if n > LineReader.maxLineBytes {
            if csv != nil { fileNeedsGeneralReader = true }
            reject(lines.tooLong(Array(UnsafeBufferPointer(start: p, count: min(n, 200)))[...], lineNo))
            return
        }
        if fast(p, n, lineNo) { return }
        // A line scored the fast way was split whole, so it has no quote.
        if csv != nil, memchr(p, Int32(UInt8(ascii: "\"")), n) != nil {
            fileNeedsGeneralReader = true
            return
        }
        general(p, n, lineNo)
    }

    mutating func reject(_ r: Reject) {
        rejects.append(r)
        accounting.rejected += 1
    }

    /// The general path: decode, parse, validate and score as `Evaluator` does.
    mutating func general(_ p: UnsafePointer<UInt8>, _ n: Int, _ lineNo: Int) {
        let slice = Array(UnsafeBufferPointer(start: p, count: n))[...]
        switch lines.text(slice, lineNo) {
        case .failure(let r): reject(r)
        case .success(let text):
            let item = csvHeader.map { lines.csvItem(text, lineNo, header: $0) } ?? lines.jsonItem(text, lineNo)
            switch item {
            case .broken(let r): reject(r)
            case .record(let rec, let text):
                let before = slow.accounting
                if let r = evaluator.process(rec, text: text, file: fileIndex, path: path, typedText: csvHeader == nil, scorer: &scorer, acc: &slow) {
                    reject(r)
                } else {
                    accounting.scored += slow.accounting.scored - before.scored
                    accounting.afterAsOf += slow.accounting.afterAsOf - before.afterAsOf
                }
            }
        }
    }

    /// The worker's raw memory: the record's spans, each field's parsed
    /// number and enum value, the day's period codes, the current event's
    /// pending additions, and per-unit flags.
    final class Scratch {
        let record: FastRecord.Storage
        let raw: UnsafeMutablePointer<Int64>
        let enumIndex: UnsafeMutablePointer<Int32>
        /// By period kind code: the current day's period codes, and their pages.
        let periodCodes: UnsafeMutablePointer<UInt64>
        let pageBase: UnsafeMutablePointer<UnsafeMutablePointer<PeriodPages.Slot>>
        /// The current event's additions: (slot, points, rule index); absence slots apart.
        let pending: UnsafeMutablePointer<(UnsafeMutablePointer<PeriodPages.Slot>, Int64, Int32)>
        let pendingPresence: UnsafeMutablePointer<UnsafeMutablePointer<PeriodPages.Slot>>
        let keys: KeyPredictor.Storage
        let csv: FastCSVSplitter.Storage?
        /// Each version's tables, by version index.
        let tables: UnsafeMutablePointer<FastPlan.Tables>
        /// Per unit id: bit 0 on the roster, bit 1 used.
        private(set) var unitFlags: UnsafeMutablePointer<UInt8>
        private var unitCapacity = 512

        init(fields: Int, rules: Int, plans: [FastPlan], csvColumns: [Int]?) {
            csv = csvColumns.map(FastCSVSplitter.Storage.init)
            keys = KeyPredictor.Storage(names: plans[plans.count - 1].schema.fields.map { Array($0.name.utf8) })
            tables = .allocate(capacity: plans.count)
            tables.initialize(from: plans.map(\.tables), count: plans.count)
            record = FastRecord.Storage(fields: fields)
            raw = .allocate(capacity: max(fields, 1))
            raw.initialize(repeating: 0, count: max(fields, 1))
            enumIndex = .allocate(capacity: max(fields, 1))
            enumIndex.initialize(repeating: 0, count: max(fields, 1))
            periodCodes = .allocate(capacity: 4)
            periodCodes.initialize(repeating: 0, count: 4)
            pageBase = .allocate(capacity: 4)
            pending = .allocate(capacity: max(rules, 1))
            pendingPresence = .allocate(capacity: max(rules, 1))
            unitFlags = .allocate(capacity: unitCapacity)
        }

        /// Room for unit `id`'s flags, set to `flags`.
        func addUnit(_ id: Int, flags: UInt8) {
            if id >= unitCapacity {
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: unitCapacity * 2)
                bigger.initialize(from: unitFlags, count: unitCapacity)
                unitFlags.deallocate()
                unitFlags = bigger
                unitCapacity *= 2
            }
            unitFlags[id] = flags
        }

        deinit {
            raw.deallocate()
            enumIndex.deallocate()
            periodCodes.deallocate()
            pageBase.deallocate()
            pending.deallocate()
            pendingPresence.deallocate()
            unitFlags.deallocate()
            tables.deallocate()
        }
    }
}
