import RubricSyntax

extension String {
    /// NUL characters shown as U+2400 (␀), for messages and rejects files.
    func replacingNUL() -> String { String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\0" ? "\u{2400}" : $0 })) }
}

/// The layout of an events file.
public enum EventFormat: String, Sendable, CaseIterable {
    case jsonl, csv

    /// From the file name, or from the first character for standard input.
    static func guess(path: String, head: ArraySlice<UInt8>) -> EventFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") { return .csv }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") { return .jsonl }
        var bytes = head
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let first = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        return first == UInt8(ascii: "{") ? .jsonl : .csv
    }
}

/// A stream of input records: a file, or records built in memory.
public protocol RecordSource: AnyObject {
    /// How rejects name this source.
    var name: String { get }
    /// Whether text values are typed (JSON strings) or to be parsed by the
    /// field's type (CSV cells).
    var typedText: Bool { get }
    func next() throws -> SourceItem?
    /// Where a reject of this source is, when not `name:line` (a workbook's cell).
    func position(line: Int, field: String) -> String?
}

extension RecordSource {
    public func position(line: Int, field: String) -> String? { nil }
}

/// Opens an events file: a workbook's sheet (`.xlsx`), else JSON Lines or CSV.
public enum EventSources {
    public static func open(_ path: String, options: EvalOptions) throws -> any RecordSource {
        try open(path, encoding: options.encoding, sheet: options.sheet, requiredColumns: options.requiredCSVColumns)
    }

    /// `requiredColumns`: the column sets a header must hold one of (`LineRecords.header`).
    public static func open(_ path: String, encoding: TextEncoding, sheet: String?, requiredColumns: [[String]]) throws -> any RecordSource {
        if WorkbookSheet.isWorkbook(path) { return try SheetRecordSource(path: path, sheet: sheet, requiredColumns: requiredColumns) }
        return try EventFileReader(path: path, encoding: encoding, requiredColumns: requiredColumns)
    }
}

/// One record, or a rejection of the lines it spans.
public enum SourceItem {
    case record(RawRecord, text: String)
    case broken(Reject)
}

/// Records already in memory, with the line numbers they came from.
public final class MemoryRecordSource: RecordSource {
    public let name: String
    public let typedText = true
    var items: [SourceItem]
    var index = 0

    public init(name: String, records: [(RawRecord, String)]) {
        self.name = name
        items = records.map { .record($0.0, text: $0.1) }
    }

    public func next() -> SourceItem? {
        guard index < items.count else { return nil }
        defer { index += 1 }
        return items[index]
    }
}

/// Reads one events file record by record: decodes the text, splits JSON
/// Lines or CSV, and reports each broken record with its line.
public final class EventFileReader: RecordSource {
    /// The most physical lines one quoted CSV record may span.
    public static let maxRecordLines = 1000

    public let path: String
    public let format: EventFormat
    let reader: LineReader
    let decoder: LineDecoder
    var header: [String]?
    var first = true
    /// Items already made and not yet returned (the lines of a quoted cell never closed), last first.
    var pending: [Item] = []

    /// Column sets a CSV header must hold one of (`LineRecords.csvHeader`).
    let requiredColumns: [[String]]

    public init(path: String, encoding: TextEncoding, requiredColumns: [[String]] = []) throws {
        self.path = path
        self.requiredColumns = requiredColumns
        reader = try LineReader(path: path)
        let head = try reader.head()
        format = EventFormat.guess(path: path, head: head)
        decoder = try LineDecoder(encoding: encoding == .auto ? LineDecoder.detect(head) : encoding)
    }

    public typealias Item = SourceItem
    var lines: LineRecords { LineRecords(path: path, decoder: decoder) }
    public var name: String { path }
    public var typedText: Bool { format == .jsonl }

    /// The next record; nil at the end of the file. Blank lines and the
    /// CSV header are skipped (and not counted as records).
    public func next() throws -> Item? {
        if let item = pending.popLast() { return item }
        while true {
            guard let (bytes, tooLong) = try reader.next() else { return nil }
            let lineNo = reader.lineNumber
            var slice = bytes
            if first {
                first = false
                if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
            }
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                if tooLong { return .broken(Reject(file: path, line: lineNo, field: "", reason: Message("reject.line-longer-than-bytes", ["maxLineBytes": "\(LineReader.maxLineBytes)"]))) }
                continue
            }
            if tooLong { return .broken(lines.tooLong(slice, lineNo)) }
            if format == .csv { return try csvRecord(slice, lineNo) }
            switch lines.text(slice, lineNo) {
            case .failure(let reject): return .broken(reject)
            case .success(let text): return lines.jsonItem(text, lineNo)
            }
        }
    }

    /// The CSV record starting with `first` (line `lineNo`): its physical
    /// lines gathered as `CSVRecordEnd` says, in one pass. The first record
    /// is the header.
    func csvRecord(_ first: ArraySlice<UInt8>, _ lineNo: Int) throws -> Item? {
        let (parts, tooLong) = try reader.csvRecordLines(startingWith: first)
        guard let header else {
            if tooLong { throw InputError(Message("input.csv-header-longer-than", ["path": "\(path)", "lineNo": "\(lineNo)", "maxLineBytes": "\(LineReader.maxLineBytes)"])) }
            header = try lines.csvHeader(parts, lineNo, required: requiredColumns)
            return try next()
        }
        if tooLong { return .broken(lines.tooLongInRecord(lineNo)) }
        var items = lines.csvRecord(parts, lineNo, header: header)
        pending = items.dropFirst().reversed()
        return items.removeFirst()
    }
}
