import Foundation
import ZIPFoundation

/// A workbook of plain sheets, written as an Office Open XML file (.xlsx):
/// text as inline strings (never formulas, so no cell of a log can run in
/// Excel), numbers as numbers with the decimals they have, a frozen header
/// row and column widths that fit Chinese text. The zip container is
/// ZIPFoundation's; the parts are the minimal set Excel, LibreOffice and
/// openpyxl read.
public struct XLSXWorkbook {
    public enum Cell {
        case text(String)
        case number(String)
        case empty
    }

    public struct Sheet {
        public var name: String
        public var rows: [[Cell]]

        public init(name: String, rows: [[Cell]]) {
            self.name = name
            self.rows = rows
        }
    }

    public var sheets: [Sheet] = []

    public init(sheets: [Sheet]) { self.sheets = sheets }

    /// The workbook's bytes. Sheet names are made valid for Excel (at most
    /// 31 characters, none of `[]:*?/\`, unique).
    public func data() throws -> Data {
        let archive = try Archive(accessMode: .create)
        let names = Self.sheetNames(sheets.map(\.name))
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes()),
            ("_rels/.rels", rootRels),
            ("xl/workbook.xml", workbook(names)),
            ("xl/_rels/workbook.xml.rels", workbookRels()),
            ("xl/styles.xml", styles),
        ]
        for (i, s) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", sheetXML(s))) }
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate,
                                 provider: { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) })
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    static func sheetNames(_ wanted: [String]) -> [String] {
        var out: [String] = []
        for w in wanted {
            var name = String(w.unicodeScalars.filter { !"[]:*?/\\".unicodeScalars.contains($0) }.map(Character.init)).prefix(31)
            if name.isEmpty { name = "Sheet" }
            var candidate = String(name), k = 2
            while out.contains(where: { $0.lowercased() == candidate.lowercased() }) {
                candidate = String(name.prefix(27)) + " (\(k))"
                k += 1
            }
            out.append(candidate)
        }
        return out
    }

    func contentTypes() -> String {
        var s = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        s += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        s += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        s += #"<Default Extension="xml" ContentType="application/xml"/>"#
        s += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        s += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        for i in sheets.indices {
            s += #"<Override PartName="/xl/worksheets/sheet\#(i + 1).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        return s + "</Types>"
    }

    let rootRels = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#

    func workbook(_ names: [String]) -> String {
        var s = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#
        for (i, n) in names.enumerated() { s += #"<sheet name="\#(XMLText.escape(n))" sheetId="\#(i + 1)" r:id="rId\#(i + 1)"/>"# }
        return s + "</sheets></workbook>"
    }

    func workbookRels() -> String {
        var s = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for i in sheets.indices {
            s += #"<Relationship Id="rId\#(i + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(i + 1).xml"/>"#
        }
        s += #"<Relationship Id="rId\#(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
        return s + "</Relationships>"
    }

    /// Style 0: plain; style 1: the bold header row.
    let styles = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#

    func sheetXML(_ sheet: Sheet) -> String {
        var s = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        s += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        let widths = columnWidths(sheet.rows)
        if !widths.isEmpty {
            s += "<cols>" + widths.enumerated().map { #"<col min="\#($0 + 1)" max="\#($0 + 1)" width="\#($1)" customWidth="1"/>"# }.joined() + "</cols>"
        }
        s += "<sheetData>"
        for (r, row) in sheet.rows.enumerated() {
            s += #"<row r="\#(r + 1)">"#
            for (c, cell) in row.enumerated() {
                let ref = Self.column(c) + String(r + 1)
                let style = r == 0 ? #" s="1""# : ""
                switch cell {
                case .text(let t): s += #"<c r="\#(ref)" t="inlineStr"\#(style)><is><t xml:space="preserve">\#(XMLText.escape(t))</t></is></c>"#
                case .number(let n): s += #"<c r="\#(ref)"\#(style)><v>\#(n)</v></c>"#
                case .empty: break
                }
            }
            s += "</row>"
        }
        return s + "</sheetData></worksheet>"
    }

    /// Widths in characters, a CJK character counting two, between 6 and 60.
    func columnWidths(_ rows: [[Cell]]) -> [Int] {
        var widths: [Int] = []
        for row in rows {
            for (c, cell) in row.enumerated() {
                let text: String
                switch cell {
                case .text(let t): text = t
                case .number(let n): text = n
                case .empty: text = ""
                }
                let w = text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
                if c >= widths.count { widths.append(6) }
                widths[c] = min(60, max(widths[c], w + 2))
            }
        }
        return widths
    }

    /// A, B, ..., Z, AA, ...
    static func column(_ i: Int) -> String {
        var n = i + 1, s = ""
        while n > 0 { n -= 1; s = String(UnicodeScalar(UInt8(65 + n % 26))) + s; n /= 26 }
        return s
    }
}
