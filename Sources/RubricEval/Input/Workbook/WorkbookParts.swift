import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import RubricSyntax

/// A workbook part's XML as a flat list of events, from Foundation's parser
/// (external entities are never resolved).
final class XMLEvents: NSObject, XMLParserDelegate {
    enum Event {
        case start(String, [String: String])
        case end(String)
        case text(String)
    }

    var events: [Event] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        events.append(.start(Self.local(name), attributes))
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        events.append(.end(Self.local(name)))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { events.append(.text(string)) }

    /// `x:row` and `row` alike (some writers prefix the spreadsheet namespace).
    static func local(_ name: String) -> String { name.split(separator: ":").last.map(String.init) ?? name }

    /// Calls `body` with each element's name and attributes, in document order.
    func walk(_ body: (String, [String: String]) -> Void) {
        for case .start(let n, let a) in events { body(n, a) }
    }
}

extension WorkbookSheet {
    static func parse(_ data: Data, part: String, path: String) throws -> XMLEvents {
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        let events = XMLEvents()
        parser.delegate = events
        // Foundation on Linux can return true and still set an error (a truncated part).
        guard parser.parse(), parser.parserError == nil else {
            let code = (parser.parserError as NSError?)?.code
            throw InputError(Message(code == nil ? "input.not-well-formed-xml" : "input.not-well-formed-xml.code", ["path": "\(path)", "part": "\(part)", "line": "\(parser.lineNumber)", "code": "\(code ?? 0)"]))
        }
        return events
    }

    /// The shared strings, each the text of its runs (`<t>`; phonetic runs `<rPh>` left out).
    static func sharedStrings(_ data: Data, _ path: String) throws -> [String] {
        var out: [String] = [], current = "", inText = false, phonetic = 0
        for e in try parse(data, part: "xl/sharedStrings.xml", path: path).events {
            switch e {
            case .start("si", _): current = ""
            case .end("si"): out.append(current)
            case .start("rPh", _): phonetic += 1
            case .end("rPh"): phonetic -= 1
            case .start("t", _): inText = true
            case .end("t"): inText = false
            case .text(let s) where inText && phonetic == 0: current += s
            default: break
            }
        }
        return out
    }

    /// For each cell style (`s="3"`), whether its number format shows a date:
    /// Excel's built-in date formats (14-22, 45-47) or a custom format with a
    /// day, month or year code outside quotes and brackets.
    static func dateStyles(_ data: Data, _ path: String) throws -> [Bool] {
        var custom: [Int: String] = [:], styles: [Int] = [], inCellXfs = false
        for e in try parse(data, part: "xl/styles.xml", path: path).events {
            switch e {
            case .start("numFmt", let a): if let id = a["numFmtId"].flatMap(Int.init) { custom[id] = a["formatCode"] ?? "" }
            case .start("cellXfs", _): inCellXfs = true
            case .end("cellXfs"): inCellXfs = false
            case .start("xf", let a) where inCellXfs: styles.append(a["numFmtId"].flatMap(Int.init) ?? 0)
            default: break
            }
        }
        return styles.map { id in
            if (14...22).contains(id) || (45...47).contains(id) { return true }
            guard let code = custom[id] else { return false }
            var quoted = false, bracket = false
            for c in code.lowercased() {
                switch c {
                case "\"": quoted.toggle()
                case "[": bracket = true
                case "]": bracket = false
                case "d", "m", "y" where !quoted && !bracket: return true
                default: break
                }
            }
            return false
        }
    }

    /// The sheet's rows: each `<c>`'s value by its type (`t`) and style (`s`).
    static func rows(_ data: Data, part: String, path: String, strings: [String], dates: [Bool], date1904: Bool) throws -> [Row] {
        var rows: [Row] = []
        var row: Row?, nextRow = 1
        var cell: (column: Int, type: String, style: Int)?, nextColumn = 0
        var value = "", inValue = false
        for e in try parse(data, part: part, path: path).events {
            switch e {
            case .start("row", let a):
                let number = a["r"].flatMap(Int.init) ?? nextRow
                row = Row(number: number, cells: [:])
                nextRow = number + 1
                nextColumn = 0
            case .end("row"):
                if let r = row, !r.cells.isEmpty { rows.append(r) }
                row = nil
            case .start("c", let a):
                let column = a["r"].flatMap(columnIndex) ?? nextColumn
                cell = (column, a["t"] ?? "n", a["s"].flatMap(Int.init) ?? 0)
                nextColumn = column + 1
                value = ""
            case .start("v", _), .start("t", _): inValue = true
            case .end("v"), .end("t"): inValue = false
            case .text(let s) where inValue: value += s
            case .end("c"):
                guard let c = cell, row != nil else { break }
                let position = "\(path):\(WorkbookSheet.columnName(c.column))\(row!.number)"
                if let v = try cellValue(value, type: c.type, style: c.style, strings: strings, dates: dates, date1904: date1904, at: position) {
                    row!.cells[c.column] = v
                }
                cell = nil
            default: break
            }
        }
        return rows
    }

    static func cellValue(_ v: String, type: String, style: Int, strings: [String], dates: [Bool], date1904: Bool, at position: String) throws -> Cell? {
        switch type {
        case "s":
            guard let i = Int(v), strings.indices.contains(i) else { throw InputError(Message("input.cell-names-shared-string", ["position": "\(position)", "v": "\(v)"])) }
            return strings[i].isEmpty ? nil : .text(strings[i])
        case "inlineStr", "str": return v.isEmpty ? nil : .text(v)
        case "b": return .bool(v == "1")
        case "e": return .error(v)
        case "d": return v.isEmpty ? nil : .text(String(v.prefix(10)))
        default:
            guard !v.isEmpty else { return nil }
            if dates.indices.contains(style) && dates[style] {
                guard let serial = Double(v), let day = excelDay(serial, date1904: date1904) else {
                    throw InputError(Message("input.not-day-excel-can", ["position": "\(position)", "v": "\(v)"]))
                }
                return .date(day)
            }
            return .number(v)
        }
    }

    /// The day an Excel date serial number stands for (its time of day left
    /// out). In the 1900 system serial 1 is 1900-01-01 and 60 the 29 February
    /// 1900 that Lotus 1-2-3 invented, which is no day; in the 1904 system
    /// serial 0 is 1904-01-01.
    static func excelDay(_ serial: Double, date1904: Bool) -> Day? {
        guard serial.isFinite, serial >= (date1904 ? 0 : 1), serial < 2_958_466 else { return nil }
        let whole = Int(serial.rounded(.down))
        if !date1904 && whole == 60 { return nil }
        // Days since 1970-01-01.
        let days = date1904 ? whole - 24_107 : whole - (whole < 60 ? 25_568 : 25_569)
        return civil(days)
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's algorithm).
    static func civil(_ days: Int) -> Day {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return Day(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }
}
