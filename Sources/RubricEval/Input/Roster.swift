import Foundation

/// The units to score: one name a line, or CSV with a `unit` column (its
/// other columns are the units' attributes, such as a `kind` for 分类考核).
/// Names and cells are trimmed; blank lines are skipped.
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

    public static func load(path: String, encoding: TextEncoding = .auto) throws -> Roster {
        let reader = try LineReader(path: path)
        var lines: [String] = []
        var decoder: LineDecoder?
        while let (bytes, _) = try reader.next() {
            if decoder == nil {
                decoder = try LineDecoder(encoding: encoding == .auto ? LineDecoder.detect(bytes) : encoding)
            }
            switch decoder!.decode(bytes) {
            case .success(let s): lines.append(s)
            case .failure: throw InputError("\(path):\(reader.lineNumber): not valid \(decoder!.encoding == .gb18030 ? "GB18030" : "UTF-8") text")
            }
        }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = String(first.dropFirst()) }
        var units: [String] = []
        var attributes: [String: [String: String]] = [:]
        let header = (lines.first.map { cells($0) } ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        if let col = header.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "unit" }) {
            for (k, l) in lines.enumerated().dropFirst() {
                let c = cells(l)
                if c.count == 1 && c[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
                guard col < c.count else { throw InputError("\(path):\(k + 1): no `unit` cell in this row") }
                let u = c[col].trimmingCharacters(in: .whitespaces)
                guard !u.isEmpty else { continue }
                units.append(u)
                for (i, name) in header.enumerated() where i != col && i < c.count && !name.isEmpty {
                    attributes[u, default: [:]][name] = c[i].trimmingCharacters(in: .whitespaces)
                }
            }
        } else {
            for l in lines {
                let u = l.trimmingCharacters(in: .whitespaces)
                if !u.isEmpty { units.append(u) }
            }
        }
        var seen = Set<String>()
        units = units.filter { seen.insert($0).inserted }
        return Roster(units: units, attributes: attributes)
    }

    static func cells(_ line: String) -> [String] {
        if case .cells(let c) = CSVParser.split(line) { return c }
        return [line]
    }
}
