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

    // Where the lines come from.
    /// The part or block being read: rejects and first sightings are placed by (block, line in block).
    var block = 0
    /// Each reject's block, parallel to `rejects`.
    var rejectBlocks: [Int] = []
    /// Where each unit name was first seen (`block << 32 | line`): the spelling shown is the file's first.
    var firstSeen: [(position: Int64, name: String)] = []
    /// A CSV record with a quote, as `CSVRecordEnd` gathers it: its lines so far and its first line.
    var csvEnd = CSVRecordEnd()
    var recordParts: [ArraySlice<UInt8>] = []
    var recordLine = 0
    /// A line of the record being gathered was longer than `LineReader.maxLineBytes`.
    var recordTooLong = false
    /// Set for a block whose bytes did not transcode to UTF-8: each line is decoded alone, the general way.
    var rawLines: LineRecords?

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
        lines = LineRecords(path: path, decoder: LineDecoder())
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
