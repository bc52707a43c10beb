import Foundation
import PropertyBased
import RubricEval
import RubricReport
import RubricSyntax
import Testing

/// The fast parallel reader against the general one, on generated files
/// full of what the fast path must hand over: escapes, nulls, wrong kinds,
/// unknown and duplicate keys, keys in changing orders, blank lines, CRLF,
/// a BOM, broken records; CSV rows with quotes, tabs, control characters,
/// wrong cell counts and invalid UTF-8; more units than the state's first
/// allocation, with long names alike but for their middle bytes.
@Suite struct FastPathPropertyTests {
    /// One JSON line for a record, perturbed by `rng`.
    static func line(_ r: RawRecord, _ rng: inout SplitMix64) -> String {
        var parts: [String] = []
        for (k, v) in r.fields {
            let value: String
            switch v {
            case .text(let s): value = Quoting.json(s)
            case .number(let n): value = n
            case .bool(let b): value = String(b)
            case .absent: value = "null"
            case .nested(let s): value = s
            }
            parts.append("\(Quoting.json(k)): \(value)")
        }
        switch rng.next() % 14 {
        case 0: parts.append(#""note": "a \"quoted\" \u4e2d word""#)
        case 1: parts.append(#""extra": {"nested": [1, 2]}"#)
        case 2: parts.append(#""v": "55""#)
        case 3: if let first = parts.first { parts.append(first) }
        case 4: parts.append(#""count": null"#)
        case 5: parts.append(#""v": 1e2"#)
        case 6: parts.append(#""v": -0.0000001"#)
        case 7: parts.append(#""zz": true"#)
        default: break
        }
        if rng.next() % 6 == 0 { parts = Self.shuffled(parts, &rng) }  // the key predictor guesses wrong
        var text = "{" + parts.joined(separator: rng.next() % 5 == 0 ? " ,  " : ",") + "}"
        switch rng.next() % 25 {
        case 0: text.removeLast()
        case 1: text += "\r"
        case 2: text = "  " + text + "  "
        case 3: text = "[" + text + "]"
        default: break
        }
        return text
    }

    @Test func fastAndGeneralReadersAgree() async {
        await propertyCheck(count: 20, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let r = RandomRubric(seed: seed, events: 200)
            var rng = SplitMix64(seed: seed ^ 0xFA57)
            var text = rng.next() % 3 == 0 ? "\u{FEFF}" : ""
            for (rec, _) in r.records {
                text += Self.line(rec, &rng) + "\n"
                if rng.next() % 40 == 0 { text += "\n   \n" }
            }
            let results = Self.renderings(Array(text.utf8), name: "events.jsonl", r.options())
            for other in results.dropFirst() { #expect(other == results[0]) }
        }
    }

    static func shuffled<T>(_ a: [T], _ rng: inout SplitMix64) -> [T] {
        var a = a
        for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        return a
    }

    /// Scores `bytes` (written to a file named `name`) at 0-3 threads, in parts
    /// of at least 512 bytes (so the parts' seams fall anywhere); every rendering.
    static func renderings(_ bytes: [UInt8], name: String, _ options: EvalOptions) -> [String] {
        let file = TestSupport.tempDir().appendingPathComponent(name)
        try? Data(bytes).write(to: file)
        return [0, 1, 2, 3].map { threads in
            var o = options
            o.threads = threads
            o.minimumPartBytes = 512
            return JSONReport.render(try! Evaluator(options: o).run(files: [file.path]))
        }
    }

    /// One CSV row for a record under `header`, perturbed by `rng`.
    /// (A quote anywhere sends the whole file to the general reader, and so does
    /// invalid UTF-8 near its start, taken for GB18030: each is in a quarter of the files only.)
    static func row(_ r: RawRecord, _ header: [String], _ rng: inout SplitMix64, quotes: Bool, badUTF8: Bool) -> [UInt8] {
        var cells: [[UInt8]] = header.map { name in
            switch r.fields.first(where: { $0.name == name })?.value {
            case .text(let s)?: return Array(s.utf8)
            case .number(let n)?: return Array(n.utf8)
            default: return []
            }
        }
        let k = Int(rng.next() % UInt64(cells.count))
        switch rng.next() % 16 {
        case 0: cells[k] = Array("\t".utf8) + cells[k]  // a tab: kept in the cell
        case 1:  // in a text cell, a control character is text; a NUL breaks the line
            let text = rng.next() % 2 == 0 ? header.firstIndex(of: "unit")! : header.count - 1
            cells[text] += [rng.next() % 2 == 0 ? 0x01 : 0x00]
        case 2: cells.append(Array("extra".utf8))
        case 3: cells.removeLast()
        case 4: if quotes { cells[k] = Array((rng.next() % 2 == 0 ? "\"a,b\"" : "\"a\nb\"").utf8) }  // a quoted cell, even across lines
        case 5: if badUTF8 { cells[cells.count - 1] = [0xE4, 0xB8] }  // cut UTF-8 in the undeclared column
        case 6: cells[cells.count - 1] = Array("中文,-1".utf8)  // one cell too many, a minus after a comma
        case 7: if let v = header.firstIndex(of: "v") { cells[v] = Array("-3".utf8) }  // out of range
        case 8: if let c = header.firstIndex(of: "count") { cells[c] = Array("1.5".utf8) }  // not whole
        default: break
        }
        var out = cells.joined(separator: [UInt8(ascii: ",")]).map { $0 }
        if rng.next() % 20 == 0 { out += [0x0D] }
        return out + [0x0A]
    }

    @Test func fastAndGeneralReadersAgreeOnCSV() async {
        await propertyCheck(count: 20, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let r = RandomRubric(seed: seed, events: 200)
            var rng = SplitMix64(seed: seed ^ 0xC5F)
            var header = ["date", "unit", "type", "count", "v"]
            header = Self.shuffled(header, &rng)
            header.append("note")
            var bytes = Array((header.joined(separator: ",") + "\n").utf8)
            for (rec, _) in r.records { bytes += Self.row(rec, header, &rng, quotes: seed % 4 == 0, badUTF8: seed % 4 == 1) }
            let results = Self.renderings(bytes, name: "events.csv", r.options())
            for other in results.dropFirst() { #expect(other == results[0]) }
        }
    }

    @Test func manyUnitsWithLongNamesAgree() async {
        await propertyCheck(count: 4, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let r = RandomRubric(seed: seed, events: 3000)
            var rng = SplitMix64(seed: seed ^ 0x0417)
            var text = ""
            for (rec, _) in r.records {
                var rec = rec
                // 1,500 units (the fast path's state starts with room for 512); names of 20+ bytes
                // that differ only in their middle, so whole-word hashing and compares must look there.
                let unit = "district-\(rng.next() % 1500)-office-\(rng.next() % 2 == 0 ? "north" : "south")"
                rec.fields = rec.fields.map { $0.name == "unit" ? ("unit", .text(unit)) : $0 }
                if rng.next() % 3 == 0 { rec.fields.removeAll { $0.name == "date" }; rec.fields.append(("date", .text("2025-0\(1 + rng.next() % 9)-1\(rng.next() % 10)"))) }
                text += Self.line(rec, &rng) + "\n"
            }
            let results = Self.renderings(Array(text.utf8), name: "events.jsonl", r.options())
            for other in results.dropFirst() { #expect(other == results[0]) }
        }
    }
}
