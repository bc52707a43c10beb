#if canImport(Glibc)
import Glibc
#endif
import RubricCheck
import RubricSyntax

/// Reads the lines of one part of one file for the one scorer
/// (`Scorer`). A simple, valid line is read in place (spans, byte tables)
/// and its fields handed to the scorer as they are; any other line is read
/// by the general reader (`Evaluator.process`), which validates it, words
/// its rejection, and hands the same scorer a record.
struct FastWorker {
    /// Bytes past the end of a line that `line(_:_:_:)` may read (never
    /// use): the CSV splitter's last window of 32 bytes.
    static let padding = 32

    let options: EvalOptions
    let plans: [ScoringPlan]
    /// The same plans, lent to a call without a retain (`plans` keeps them).
    let planRefs: [Unmanaged<ScoringPlan>]
    /// The newest version's tables: the scanner reads with its names.
    let newest: ScoringPlan.Tables
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
    /// Fields whose values the activation holds from an earlier line.
    var materialized: UInt64 = 0
    /// The last date's bytes and whether the byte reader can score its events (dates repeat line after line).
    var dayBytes: (UInt64, UInt16) = (0, 0)
    var dayVersion: Int?
    /// Unit ids by the bytes of their names (a cache of `Scorer.intern`).
    let unitTable = ByteTable(capacity: 512)

    var scorer: Scorer
    var rejects: [Reject] = []

    // Where the lines come from.
    /// The part or block being read: rejects, first sightings and contributions are placed by (block, line in block).
    var block = 0 {
        willSet { tagContributions() }
    }
    /// Each contribution's block, parallel to the scorer's contributions (for explanations).
    var contributionBlocks: [Int] = []
    /// Each reject's block, parallel to `rejects`.
    var rejectBlocks: [Int] = []
    /// A CSV record with a quote, as `CSVRecordEnd` gathers it: its lines so far and its first line.
    var csvEnd = CSVRecordEnd()
    var recordParts: [ArraySlice<UInt8>] = []
    var recordLine = 0
    /// A line of the record being gathered was longer than `LineReader.maxLineBytes`.
    var recordTooLong = false
    /// Set for a block whose bytes did not transcode to UTF-8: each line is decoded alone, the general way.
    var rawLines: LineRecords?
    /// Set for a block that is valid UTF-8 as a whole (what the GB18030
    /// tables wrote): its lines are not checked again.
    var validUTF8 = false

    init(evaluator: Evaluator, path: String, fileIndex: Int, csvHeader: [String]?) {
        options = evaluator.options
        plans = evaluator.plans
        planRefs = plans.map { Unmanaged.passUnretained($0) }
        newest = plans[plans.count - 1].tables
        self.evaluator = evaluator
        self.path = path
        self.fileIndex = fileIndex
        self.csvHeader = csvHeader
        let schema = plans[plans.count - 1].schema
        lines = LineRecords(path: path, decoder: LineDecoder())
        let n = plans.map { $0.schema.fields.count }.max() ?? 0
        let columns = csvHeader.map { $0.map { schema.fieldIndex[$0] ?? -1 } }
        scratch = Scratch(fields: n, plans: plans, csvColumns: columns)
        record = FastRecord(scratch.record)
        csv = scratch.csv.map(FastCSVSplitter.init)
        scanner = FastJSONScanner(fields: newest.fields, keys: KeyPredictor(scratch.keys))
        scorer = Scorer(options: options, plans: plans)
    }

    /// The reader's raw memory: the record's spans and each field's parsed number.
    final class Scratch {
        let record: FastRecord.Storage
        let raw: UnsafeMutablePointer<Int64>
        let keys: KeyPredictor.Storage
        let csv: FastCSVSplitter.Storage?
        /// A CSV record that spans lines, its lines joined by line feeds (as
        /// the general reader joins them), with the padding after it.
        var joined: [UInt8] = []

        init(fields: Int, plans: [ScoringPlan], csvColumns: [Int]?) {
            csv = csvColumns.map(FastCSVSplitter.Storage.init)
            keys = KeyPredictor.Storage(names: plans[plans.count - 1].schema.fields.map { Array($0.name.utf8) })
            record = FastRecord.Storage(fields: fields)
            raw = .allocate(capacity: max(fields, 1))
            raw.initialize(repeating: 0, count: max(fields, 1))
        }

        deinit { raw.deallocate() }
    }
}
