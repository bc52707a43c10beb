import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import RubricSyntax
import ZIPFoundation

/// One sheet of an Excel workbook (.xlsx), as its rows of cells: what the
/// office keeps its inspection records and rosters in. The zip is read with
/// ZIPFoundation and each part with Foundation's XML parser; this type only
/// knows which parts to read (the workbook's sheets, their relationships,
/// the shared strings, the styles that make a number a date) and how Excel
/// stores a value. Every part is bounded in size, so a zip bomb is an error.
public struct WorkbookSheet {
    /// A cell's value as the workbook stores it.
    public enum Cell: Equatable, Sendable {
        case text(String)
        /// A number as written in the file (`79.5`, `3`).
        case number(String)
        case bool(Bool)
        /// A number in a date format, as the day it stands for.
        case date(Day)
        /// A formula's error (`#N/A`, `#DIV/0!`).
        case error(String)
    }

    public struct Row: Sendable {
        /// The row's number in the sheet (1 for the first).
        public var number: Int
        /// Column index (0 for A) -> cell; empty cells are absent.
        public var cells: [Int: Cell]
    }

    public let path: String
    public let sheet: String
    public var rows: [Row]

    /// The largest part read (uncompressed): far above an office's year of records.
    static let maxPartBytes = 256 << 20

    /// Whether `path` names a workbook: `.xlsx`, or a regular file starting
    /// as a zip does. Only a regular file is probed: a pipe's first bytes,
    /// once read, would be lost to the reader that follows.
    public static func isWorkbook(_ path: String) -> Bool {
        if path.lowercased().hasSuffix(".xlsx") { return true }
        var info = stat()
        guard path != "-", stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
              let h = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? h.close() }
        return (try? h.read(upToCount: 4)) == Data([0x50, 0x4B, 0x03, 0x04])
    }

    /// Reads sheet `name` (the first sheet when nil) of the workbook at `path`.
    public init(path: String, sheet name: String? = nil) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw InputError(Message("unreadable.not-found", ["path": "\(path)"])) }
        guard !isDirectory.boolValue else { throw InputError(Message("input.directory-not-workbook", ["path": "\(path)"])) }
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw InputError(Message("input.not-excel-workbook-xlsx", ["path": "\(path)"]))
        }
        let book = try Self.parse(Self.part(archive, "xl/workbook.xml", path), part: "xl/workbook.xml", path: path)
        var sheets: [(name: String, relation: String)] = []
        var date1904 = false
        book.walk { element, attributes in
            if element == "sheet", let n = attributes["name"], let r = attributes["r:id"] ?? attributes.first(where: { $0.key.hasSuffix(":id") })?.value {
                sheets.append((n, r))
            }
            if element == "workbookPr", let d = attributes["date1904"] { date1904 = d == "1" || d == "true" }
        }
        guard !sheets.isEmpty else { throw InputError(Message("input.workbook-has-no-sheet", ["path": "\(path)"])) }
        let chosen: (name: String, relation: String)
        if let name {
            guard let s = sheets.first(where: { $0.name == name }) else {
                throw InputError(Message("input.no-sheet-named-sheets", ["path": "\(path)", "json": "\(Quoting.json(name))", "list": .list(sheets.map { .text(Quoting.json($0.name)) })]))
            }
            chosen = s
        } else {
            chosen = sheets[0]
        }
        sheet = chosen.name
        var target: String?
        try Self.parse(Self.part(archive, "xl/_rels/workbook.xml.rels", path), part: "xl/_rels/workbook.xml.rels", path: path).walk { element, a in
            if element == "Relationship", a["Id"] == chosen.relation { target = a["Target"] }
        }
        guard let target else { throw InputError(Message("input.sheet-has-no-part", ["path": "\(path)", "json": "\(Quoting.json(sheet))"])) }
        let sheetPart = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        let strings = try Self.part(archive, "xl/sharedStrings.xml", path, optional: true).map { try Self.sharedStrings($0, path) } ?? []
        let dates = try Self.part(archive, "xl/styles.xml", path, optional: true).map { try Self.dateStyles($0, path) } ?? []
        rows = try Self.rows(Self.part(archive, sheetPart, path), part: sheetPart, path: path, strings: strings, dates: dates, date1904: date1904)
    }

    /// `path:Sheet1!C17`, or `path:Sheet1!17` for a whole row.
    public func position(row: Int, column: Int?) -> String {
        "\(path):\(sheet)!\(column.map(Self.columnName) ?? "")\(row)"
    }

    /// A, B, ..., Z, AA, ...
    public static func columnName(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 { name = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + name; n = (n - 1) / 26 }
        return name
    }

    /// The column index of a reference such as `C17` (0 for A).
    static func columnIndex(_ reference: String) -> Int? {
        var n = 0, letters = 0
        for u in reference.unicodeScalars {
            guard u.value >= 65 && u.value <= 90 else { break }
            n = n * 26 + Int(u.value - 64)
            letters += 1
        }
        return letters > 0 && letters <= 3 ? n - 1 : nil
    }

    /// A part's bytes; a part the workbook must have and lacks is an error, an `optional` one is nil.
    static func part(_ archive: Archive, _ name: String, _ path: String) throws -> Data {
        // Not optional: a missing part throws, so there is always data.
        try part(archive, name, path, optional: false)!
    }

    static func part(_ archive: Archive, _ name: String, _ path: String, optional: Bool) throws -> Data? {
        guard let entry = archive[name] else {
            if optional { return nil }
            throw InputError(Message("input.not-excel-workbook-has", ["path": "\(path)", "name": "\(name)"]))
        }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard data.count + chunk.count <= maxPartBytes else { throw InputError(Message("input.larger-than-mb-uncompressed", ["path": "\(path)", "name": "\(name)", "megabytes": "\(maxPartBytes >> 20)"])) }
                data.append(chunk)
            }
        } catch let e as InputError { throw e } catch {
            throw InputError(Message("input.cannot-read-from-zip", ["path": "\(path)", "name": "\(name)", "error": "\(error)"]))
        }
        return data
    }
}
