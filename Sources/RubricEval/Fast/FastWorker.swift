import RubricCheck
import RubricSyntax

/// Scores the lines of one part of one file. Simple, valid lines go the
/// fast way (spans, byte tables, packed state); any other line takes the
/// general path, which gives the exact same result or rejection.
struct FastWorker {
    let options: EvalOptions
    let plans: [FastPlan]
    let evaluator: Evaluator
    let path: String
    let fileIndex: Int
    /// CSV: the declared field of each column (-1 for others); nil for JSON Lines.
    let csvColumns: [Int]?
    let csvHeader: [String]?
    let lines: LineRecords

    var record: FastRecord
    let scanner: FastJSONScanner
    var raw: [Int64]
    var enumIndex: [Int]
    var activation: Activation
    var materialized: UInt64 = 0

    // Fast state.
    var unitTable = ByteTable(capacity: 512)
    var unitNames: [String] = []
    var unitAllowed: [Bool] = []
    var unitUsed: [Bool] = []
    var sums = PackedTable(capacity: 4096)
    var presence = PackedTable(capacity: 4096)
    var firstDay: Day?
    var lastDay: Day?
    var accounting = Accounting()
    // The general path's state, for the lines it takes.
    var slow = Accumulator()
    var scorer: EventScorer
    var rejects: [Reject] = []
    var pending: [(UInt64, Int64, Int64, Int)] = []
    var lastVersionMonth = -1
    var lastVersion: Int?
    var pendingPresence: [UInt64] = []

    init(options: EvalOptions, plans: [FastPlan], path: String, fileIndex: Int, csvHeader: [String]?) {
        self.options = options
        self.plans = plans
        evaluator = Evaluator(options: options)
        self.path = path
        self.fileIndex = fileIndex
        self.csvHeader = csvHeader
        let schema = plans.last!.schema
        csvColumns = csvHeader.map { $0.map { schema.fieldIndex[$0] ?? -1 } }
        lines = LineRecords(path: path, decoder: try! LineDecoder(encoding: .utf8))
        let n = plans.map { $0.schema.fields.count }.max() ?? 0
        record = FastRecord(fields: n)
        scanner = FastJSONScanner(fields: plans[plans.count - 1].fields)
        raw = Array(repeating: 0, count: n)
        enumIndex = Array(repeating: -1, count: n)
        activation = Activation(slotCount: n)
        scorer = EventScorer(options: options)
    }

    /// One physical line (without its terminator), numbered within this part.
    mutating func line(_ p: UnsafePointer<UInt8>, _ n: Int, _ lineNo: Int) {
        var allBlank = true
        for i in 0..<n where p[i] != 0x20 && p[i] != 0x09 { allBlank = false; break }
        if allBlank { return }
        accounting.read += 1
        if n > LineReader.maxLineBytes {
            reject(lines.tooLong(Array(UnsafeBufferPointer(start: p, count: min(n, 200)))[...], lineNo))
            return
        }
        if !fast(p, n, lineNo) { general(p, n, lineNo) }
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

    /// Splits a CSV line into cell spans; false when it has quotes or the wrong number of cells.
    mutating func csvSpans(_ p: UnsafePointer<UInt8>, _ n: Int, _ columns: [Int]) -> Bool {
        record.reset()
        var col = 0, start = 0
        var i = 0
        while i <= n {
            if i == n || p[i] == UInt8(ascii: ",") {
                guard col < columns.count else { return false }
                let f = columns[col]
                if f >= 0 && i > start {
                    record.present |= UInt64(1) << UInt64(f)
                    record.start[f] = Int32(start)
                    record.end[f] = Int32(i)
                    record.kind[f] = .text
                }
                col += 1
                start = i + 1
            } else if p[i] == UInt8(ascii: "\"") || p[i] < 0x20 && p[i] != 0x09 {
                return false
            }
            i += 1
        }
        return col == columns.count
    }
}
