import RubricSyntax

/// Turns one physical line into a record or a rejection: the per-line part
/// of reading events, shared by the file reader and the parallel fast path.
struct LineRecords {
    let path: String
    let decoder: LineDecoder

    /// The line as text, or its rejection (bad encoding, NUL characters).
    func text(_ slice: ArraySlice<UInt8>, _ lineNo: Int) -> Result<String, Reject> {
        switch decoder.decode(slice) {
        case .failure(let f):
            return .failure(Reject(file: path, line: lineNo, field: "", reason: Message("reject.not-valid-text-byte", ["encoding": "\(f.encoding)", "p": "\(f.offset + 1)"]),
                                   text: String(decoding: slice, as: UTF8.self)))
        case .success(let text):
            if text.unicodeScalars.contains("\0") {
                return .failure(Reject(file: path, line: lineNo, field: "", reason: Message("reject.line-contains-nul-character"),
                                       text: text.replacingNUL()))
            }
            return .success(text)
        }
    }

    /// A JSON Lines record.
    func jsonItem(_ text: String, _ lineNo: Int) -> SourceItem {
        switch JSONLineParser.parse(text) {
        case .success(let fields): return .record(RawRecord(fields: fields, line: lineNo), text: text)
        case .failure(let f): return .broken(Reject(file: path, line: lineNo, field: "", reason: f.message, text: text))
        }
    }

    /// A CSV record from the physical lines `CSVRecordEnd` gathered for it
    /// (the first is line `lineNo`): each reader's one way to make a record
    /// of a quoted cell that spans lines. A quoted cell that is never closed
    /// (by the end of the input, or within `EventFileReader.maxRecordLines`
    /// lines) rejects each line it swallowed, so the accounting counts them
    /// and `--rejects` keeps every one: the record first, then one item per
    /// further line.
    func csvRecord(_ parts: [ArraySlice<UInt8>], _ lineNo: Int, header: [String]) -> [SourceItem] {
        switch text(parts[0], lineNo) {
        case .failure(let r): return [.broken(r)] + swallowed(parts, lineNo)
        case .success(var joined):
            for more in parts.dropFirst() {
                guard case .success(let s) = decoder.decode(more) else {
                    return [.broken(Reject(file: path, line: lineNo, field: "", reason: Message("reject.not-valid-text-inside"), text: joined))]
                }
                joined += "\n" + s
            }
            let item = csvItem(joined, lineNo, header: header)
            if parts.count > 1, case .broken(var r) = item, case .unterminated = CSVParser.split(joined) {
                r.text = String(decoding: parts[0], as: UTF8.self)
                return [.broken(r)] + swallowed(parts, lineNo)
            }
            return [item]
        }
    }

    /// The lines after the first of a record whose quoted cell never closed, each rejected.
    func swallowed(_ parts: [ArraySlice<UInt8>], _ lineNo: Int) -> [SourceItem] {
        parts.indices.dropFirst().map { k in
            .broken(Reject(file: path, line: lineNo + k, field: "", reason: Message("reject.inside-unclosed"),
                           text: String(decoding: parts[k], as: UTF8.self)))
        }
    }

    /// The column names of a CSV header record (its physical lines, the
    /// first is line `lineNo`); an unusable header stops the file.
    /// `required`: the column sets of which the header must hold one (each
    /// version's date, unit and type fields); without them no line could be
    /// scored, so the file is an error before any scoring.
    func csvHeader(_ parts: [ArraySlice<UInt8>], _ lineNo: Int, required: [[String]]) throws -> [String] {
        var joined = ""
        for (k, part) in parts.enumerated() {
            switch decoder.decode(part) {
            case .failure(let f):
                throw InputError(Message("input.csv-header-not-valid", ["path": "\(path)", "line": "\(lineNo + k)", "encoding": "\(f.encoding)", "byte": "\(f.offset + 1)"]))
            case .success(let s):
                guard !s.unicodeScalars.contains("\0") else { throw InputError(Message("input.csv-header-contains-nul", ["path": "\(path)", "line": "\(lineNo + k)"])) }
                joined += (k == 0 ? "" : "\n") + s
            }
        }
        switch CSVParser.split(joined) {
        case .malformed(let why): throw InputError(Message("input.broken-csv-header", ["path": "\(path)", "lineNo": "\(lineNo)", "why": .message(why)]))
        case .unterminated: throw InputError(Message("input.broken-csv-header-quoted", ["path": "\(path)", "lineNo": "\(lineNo)"]))
        case .cells(let cells):
            return try Self.header(cells, at: "\(path):\(lineNo)", what: .phrase("what.csv-header"), required: required)
        }
    }

    /// A header row's column names (trimmed), or why no record under it
    /// could be read: a column named twice, or none of the `required` sets
    /// (each version's date, unit and type fields) whole. CSV files and
    /// workbook sheets alike; `at` is the header's position.
    static func header(_ cells: [String], at position: String, what: Message.Argument, required: [[String]]) throws -> [String] {
        let names = cells.map { $0.trimmingSpaces }
        var seen = Set<String>()
        for n in names where !n.isEmpty && !seen.insert(n).inserted {
            throw InputError(Message("input.names-column-twice", ["position": "\(position)", "what": what, "n": "\(n)"]))
        }
        if let wanted = required.last, !required.contains(where: { $0.allSatisfy(seen.contains) }) {
            let missing = wanted.filter { !seen.contains($0) }
            throw InputError(Message(missing.count == 1 ? "input.has-no-column" : "input.has-no-columns",
                                     ["position": "\(position)", "what": what, "list": .code(missing),
                                      "has": .list(names.map { .text(Quoting.json($0)) }), "wanted": .list(wanted.map { .text($0) })]))
        }
        return names
    }

    /// A CSV record that fits on its line, given the header.
    func csvItem(_ text: String, _ lineNo: Int, header: [String]) -> SourceItem {
        switch CSVParser.split(text) {
        case .malformed(let why):
            return .broken(Reject(file: path, line: lineNo, field: "", reason: Message("reject.broken-csv", ["why": .message(why)]), text: text))
        case .unterminated:
            return .broken(Reject(file: path, line: lineNo, field: "", reason: Message("reject.broken-csv-quoted-cell"), text: text))
        case .cells(let cells):
            return Self.csvRecord(cells, header: header, lineNo: lineNo, path: path, text: text)
        }
    }

    /// Cells matched to the header's columns (empty cells are absent values).
    static func csvRecord(_ cells: [String], header: [String], lineNo: Int, path: String, text: String) -> SourceItem {
        if cells.count != header.count {
            return .broken(Reject(file: path, line: lineNo, field: "", reason: Message("reject.row-has-cells-header", ["cellsCount": "\(cells.count)", "headerCount": "\(header.count)"]), text: text))
        }
        var fields: [(name: String, value: RawValue)] = []
        for (k, c) in cells.enumerated() where !header[k].isEmpty {
            fields.append((header[k], c.isEmpty ? .absent : .text(c)))
        }
        return .record(RawRecord(fields: fields, line: lineNo), text: text)
    }

    /// "line is longer than ..."
    /// A CSV record with a line longer than `maxLineBytes` inside a quoted
    /// cell: rejected whole, never scored from a cut line.
    func tooLongInRecord(_ lineNo: Int) -> Reject {
        Reject(file: path, line: lineNo, field: "", reason: Message("reject.line-inside-this-record", ["maxLineBytes": "\(LineReader.maxLineBytes)"]))
    }

    func tooLong(_ slice: ArraySlice<UInt8>, _ lineNo: Int) -> Reject {
        Reject(file: path, line: lineNo, field: "", reason: Message("reject.line-longer-than-bytes", ["maxLineBytes": "\(LineReader.maxLineBytes)"]),
               text: String(decoding: slice.prefix(200), as: UTF8.self))
    }
}
