import Foundation

/// The units to score: one name a line, or CSV with a `unit` column.
/// Names are trimmed; blank lines are skipped.
public struct Roster: Sendable {
    public var units: [String]
    public var set: Set<String>

    public init(units: [String]) {
        self.units = units
        self.set = Set(units)
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
        let header = lines.first.map { cells($0) } ?? []
        if let col = header.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "unit" }) {
            for (k, l) in lines.enumerated().dropFirst() {
                let c = cells(l)
                if c.count == 1 && c[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
                guard col < c.count else { throw InputError("\(path):\(k + 1): no `unit` cell in this row") }
                let u = c[col].trimmingCharacters(in: .whitespaces)
                if !u.isEmpty { units.append(u) }
            }
        } else {
            for l in lines {
                let u = l.trimmingCharacters(in: .whitespaces)
                if !u.isEmpty { units.append(u) }
            }
        }
        var seen = Set<String>()
        units = units.filter { seen.insert($0).inserted }
        return Roster(units: units)
    }

    static func cells(_ line: String) -> [String] {
        if case .cells(let c) = CSVParser.split(line) { return c }
        return [line]
    }
}
