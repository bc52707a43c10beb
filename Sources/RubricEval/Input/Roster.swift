import Foundation
import RubricCheck
import RubricSyntax

/// The units to score: one name a line, or CSV with a `unit` column (its
/// other columns are the units' attributes, such as a `kind` for 分类考核).
/// Blank lines are skipped; see `load` for what is refused.
public struct Roster: Sendable {
    public var units: [String]
    public var set: Set<String>
    /// unit -> attribute -> value.
    public var attributes: [String: [String: String]]

    public init(units: [String], attributes: [String: [String: String]] = [:]) {
        self.units = units
        self.set = Set(units)
        self.attributes = attributes
    }

    /// Whether `unit`'s attributes pass a rule's `units:` filter (no filter: every unit).
    public func matches(_ unit: String, _ filter: [String: Set<String>]) -> Bool {
        filter.allSatisfy { attribute, values in attributes[unit]?[attribute].map(values.contains) ?? false }
    }

    /// Reads a roster, validated like events: every problem is an error
    /// naming its line (a roster decides who is scored, so nothing in it is
    /// guessed). Unit names are compared exactly as written, in events and
    /// rosters alike; a unit cell with spaces around it, an empty unit, a
    /// unit listed twice, a row with the wrong number of cells or a broken
    /// quote is refused. Header names and attribute values are trimmed.
    /// `declared`: the attribute columns the rubric declares; a required one
    /// missing (its column, or a unit's value) or a value the rubric does not
    /// allow is an error naming the line and the allowed values.
    public static func load(path: String, encoding: TextEncoding = .auto, declared: [CheckedRubric.RosterAttribute] = []) throws -> Roster {
        if WorkbookSheet.isWorkbook(path) { return try load(workbook: path, declared: declared) }
        let reader = try LineReader(path: path)
        var lines: [(number: Int, text: String)] = []
        var decoder: LineDecoder?
        while let (bytes, tooLong) = try reader.next() {
            if tooLong { throw InputError(Message("input.line-longer-than-bytes", ["path": "\(path)", "lineNumber": "\(reader.lineNumber)", "maxLineBytes": "\(LineReader.maxLineBytes)"])) }
            if decoder == nil {
                decoder = try LineDecoder(encoding: encoding == .auto ? LineDecoder.detect(bytes) : encoding)
            }
            switch decoder!.decode(bytes) {
            case .success(let s):
                guard !s.unicodeScalars.contains("\0") else { throw InputError(Message("input.line-contains-nul-character", ["path": "\(path)", "lineNumber": "\(reader.lineNumber)"])) }
                var text = s
                if lines.isEmpty && text.hasPrefix("\u{FEFF}") { text.removeFirst() }
                if !text.trimmedWhitespace.isEmpty { lines.append((reader.lineNumber, text)) }
            case .failure: throw InputError(Message("input.not-valid-text", ["path": "\(path)", "lineNumber": "\(reader.lineNumber)", "encoding": "\(decoder!.encoding == .gb18030 ? "GB18030" : "UTF-8")"]))
            }
        }
        let header = try lines.first.map { try cells($0.text, path, $0.number).map { $0.trimmedWhitespace } } ?? []
        let headerAt = "\(path):\(lines.first?.number ?? 1)"
        if header.contains("unit") {
            let rows = try lines.dropFirst().map { (position: "\(path):\($0.number)", cells: try cells($0.text, path, $0.number)) }
            return try table(header: header, at: headerAt, rows: rows, declared: declared)
        }
        if let a = declared.first(where: \.required) {
            throw InputError(Message("input.rubric-requires-roster-attribute", ["headerAt": "\(headerAt)", "name": "\(a.name)"]))
        }
        var units = Units()
        for (number, text) in lines {
            if text.contains(",") || text.contains("\"") {
                throw InputError(Message("input.looks-like-csv-but", ["path": "\(path)", "number": "\(number)", "json": "\(Quoting.json(text))"]))
            }
            try units.add(text, "\(path):\(number)")
        }
        return Roster(units: units.names)
    }

    /// A roster kept in Excel: the first sheet, a header row with a `unit`
    /// column, one unit a row; problems are placed as `roster.xlsx:Sheet1!A7`.
    static func load(workbook path: String, declared: [CheckedRubric.RosterAttribute]) throws -> Roster {
        let sheet = try WorkbookSheet(path: path)
        let width = sheet.rows.map { ($0.cells.keys.max() ?? -1) + 1 }.max() ?? 0
        let rows = sheet.rows.map { r in
            (position: sheet.position(row: r.number, column: nil), cells: (0..<width).map { r.cells[$0].map(SheetRecordSource.text) ?? "" })
        }
        let header = rows.first?.cells.map(\.trimmedWhitespace) ?? []
        let headerAt = rows.first?.position ?? sheet.position(row: 1, column: nil)
        guard header.contains("unit") else {
            throw InputError(Message("input.roster-sheet-needs-header", ["headerAt": "\(headerAt)", "list": .list(header.filter { !$0.isEmpty }.map { .text(Quoting.json($0)) })]))
        }
        return try table(header: header, at: headerAt, rows: Array(rows.dropFirst()), declared: declared)
    }

    /// The units seen so far, each once, exactly as written.
    struct Units {
        var names: [String] = []
        var firstAt: [String: String] = [:]

        mutating func add(_ unit: String, _ position: String) throws {
            guard !unit.isEmpty else { throw InputError(Message("input.unit-empty", ["position": "\(position)"])) }
            guard unit.trimmedWhitespace == unit else {
                throw InputError(Message("input.unit-has-spaces-around", ["position": "\(position)", "json": "\(Quoting.json(unit))"]))
            }
            if let earlier = firstAt[unit] { throw InputError(Message("input.unit-listed-twice-first", ["position": "\(position)", "json": "\(Quoting.json(unit))", "earlier": "\(earlier)"])) }
            firstAt[unit] = position
            names.append(unit)
        }
    }

    /// A roster table (CSV or a sheet): the header's `unit` column and the
    /// attribute columns, checked against the rubric's declarations.
    static func table(header: [String], at headerAt: String, rows: [(position: String, cells: [String])],
                      declared: [CheckedRubric.RosterAttribute]) throws -> Roster {
        let col = header.firstIndex(of: "unit")!
        // A column the rubric does not declare is left alone (a 备注 column), unless it looks like a misspelt declared one.
        let names = declared.map(\.name)
        for h in header where h != "unit" && !names.contains(h) {
            if let near = Suggestion.nearest(to: h, in: names), !header.contains(near) {
                throw InputError(Message("input.column-not-attribute-rubric", ["headerAt": "\(headerAt)", "h": "\(h)", "near": "\(near)"]))
            }
        }
        for a in declared where a.required && !header.contains(a.name) {
            throw InputError(Suggestion.nearest(to: a.name, in: header).map { Message("input.header-has-no-column.near", ["headerAt": "\(headerAt)", "name": "\(a.name)", "near": "\($0)"]) }
                             ?? Message("input.header-has-no-column", ["headerAt": "\(headerAt)", "name": "\(a.name)"]))
        }
        var units = Units()
        var attributes: [String: [String: String]] = [:]
        for (position, c) in rows {
            guard c.count == header.count else {
                throw InputError(Message(c.count == 1 ? "input.cell-where-header-has.one" : "input.cell-where-header-has", ["position": "\(position)", "cells": "\(c.count)", "headerCount": "\(header.count)"]))
            }
            try units.add(c[col], position)
            for (i, name) in header.enumerated() where i != col && !name.isEmpty {
                attributes[c[col], default: [:]][name] = c[i].trimmedWhitespace
            }
            if let why = problem(attributes[c[col]] ?? [:], declared) {
                throw InputError(Message("input.unit", ["position": "\(position)", "json": "\(Quoting.json(c[col]))", "why": .message(why)]))
            }
        }
        return Roster(units: units.names, attributes: attributes)
    }

    /// Why a unit's attributes do not meet the rubric's declarations, or nil
    /// (an empty value is no value; undeclared columns are left alone).
    public static func problem(_ attributes: [String: String], _ declared: [CheckedRubric.RosterAttribute]) -> Message? {
        for a in declared {
            let value = attributes[a.name] ?? ""
            let allowed: Message.Argument = .list(a.values.map { .text($0) })
            if value.isEmpty {
                if a.required { return Message(a.values.isEmpty ? "roster.missing" : "roster.missing.values", ["name": "\(a.name)", "values": allowed]) }
                continue
            }
            if !a.values.isEmpty && !a.values.contains(value) {
                let arguments: [String: Message.Argument] = ["name": "\(a.name)", "value": "\(Quoting.json(value))", "values": allowed]
                return Suggestion.nearest(to: value, in: a.values).map { Message("roster.not-allowed.near", arguments.merging(["near": "\($0)"]) { $1 }) }
                    ?? Message("roster.not-allowed", arguments)
            }
        }
        return nil
    }

    static func cells(_ line: String, _ path: String, _ number: Int) throws -> [String] {
        switch CSVParser.split(line) {
        case .cells(let c): return c
        case .unterminated: throw InputError(Message("input.quoted-cell-not-closed", ["path": "\(path)", "number": "\(number)"]))
        case .malformed(let why): throw InputError(Message("input.broken-csv", ["path": "\(path)", "number": "\(number)", "why": .message(why)]))
        }
    }
}

extension String {
    var trimmedWhitespace: String { Whitespace.trim(self) }
}
