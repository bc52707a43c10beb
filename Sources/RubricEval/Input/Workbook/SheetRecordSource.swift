import RubricSyntax

/// The events of a workbook sheet: its first row names the columns (as a
/// CSV header does, checked the same way), each later row is a record whose
/// cells are read as CSV cells are, by the field's type: a date cell gives
/// its day (`2024-03-15`), a number cell its number, a text cell its text.
/// Rejects are placed as a spreadsheet user finds them: `file.xlsx:Sheet1!C17`.
public final class SheetRecordSource: RecordSource {
    let table: WorkbookSheet
    var header: [String] = []
    var index = 1

    public init(path: String, sheet: String?, requiredColumns: [[String]]) throws {
        table = try WorkbookSheet(path: path, sheet: sheet)
        guard let first = table.rows.first else { return }
        let width = (first.cells.keys.max() ?? -1) + 1
        let names = (0..<width).map { first.cells[$0].map(Self.text) ?? "" }
        header = try LineRecords.header(names, at: table.position(row: first.number, column: nil), what: .phrase("what.header-row"), required: requiredColumns)
    }

    public var name: String { table.path }
    public let typedText = false

    /// Where a reject is: the field's cell, or the whole row.
    public func position(line: Int, field: String) -> String? {
        table.position(row: line, column: field.isEmpty ? nil : header.firstIndex(of: field))
    }

    static func text(_ cell: WorkbookSheet.Cell) -> String {
        switch cell {
        case .text(let s), .number(let s): s
        case .bool(let b): b ? "true" : "false"
        case .date(let d): d.description
        case .error(let e): e
        }
    }

    public func next() -> SourceItem? {
        guard index < table.rows.count else { return nil }
        let row = table.rows[index]
        index += 1
        let width = max(header.count, (row.cells.keys.max() ?? -1) + 1)
        let text = (0..<width).map { Quoting.csv(row.cells[$0].map(Self.text) ?? "", for: .data) }.joined(separator: ",")
        var fields: [(name: String, value: RawValue)] = []
        for (column, cell) in row.cells.sorted(by: { $0.key < $1.key }) {
            guard column < header.count, !header[column].isEmpty else {
                return .broken(Reject(file: table.path, line: row.number, field: "", reason: Message("reject.column-holds-but-has", ["columnName": "\(WorkbookSheet.columnName(column))", "json": "\(Quoting.json(Self.text(cell)))"]), text: text))
            }
            if case .error(let e) = cell {
                return .broken(Reject(file: table.path, line: row.number, field: header[column], reason: Message("reject.cell-holds-excel-s", ["e": "\(e)"]), text: text))
            }
            fields.append((header[column], .text(Self.text(cell))))
        }
        return .record(RawRecord(fields: fields, line: row.number), text: text)
    }
}
