import Foundation
@testable import RubricEval
import Testing

/// The fast path's parts against the obvious way of doing what they do:
/// the byte tables (words hashed, long keys compared in the middle), the
/// key predictor (names of every length, near misses) and the CSV
/// splitter (against splitting on commas).
@Suite struct FastPathPartsTests {
    /// `bytes` in a buffer with the padding the fast path's readers guarantee.
    static func padded<R>(_ bytes: [UInt8], _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        let buffer = bytes + [UInt8](repeating: 0x5A, count: FastWorker.padding)
        return buffer.withUnsafeBufferPointer { body($0.baseAddress!, bytes.count) }
    }

    /// Keys of every length up to 40 bytes, many alike but for one byte anywhere.
    static func keys(_ rng: inout SplitMix64) -> [[UInt8]] {
        var keys = Set<[UInt8]>()
        for length in 0...40 {
            let base = (0..<length).map { _ in UInt8(0x61 + rng.next() % 3) }
            keys.insert(base)
            for i in 0..<length { var k = base; k[i] ^= 0x04; keys.insert(k) }
        }
        return keys.sorted { $0.lexicographicallyPrecedes($1) }
    }

    @Test func byteTableFindsEveryKeyAndNothingElse() {
        var rng = SplitMix64(seed: 11)
        let keys = Self.keys(&rng)
        let table = ByteTable(capacity: 4)  // grows many times
        for (i, k) in keys.enumerated() { table.insert(k, Int32(i), tag: Int32(i % 3)) }
        #expect(table.count == keys.count)
        for (i, k) in keys.enumerated() {
            #expect(Self.padded(k) { table.lookup($0, $1, tag: Int32(i % 3)) } == Int32(i))
            #expect(Self.padded(k) { table.lookup($0, $1, tag: Int32(i % 3) + 1) } == nil)  // another field's value
            var missing = k + [0x7A]
            #expect(Self.padded(missing) { table.lookup($0, $1, tag: Int32(i % 3)) } == nil)
            if !k.isEmpty {
                missing = k
                missing[k.count / 2] = 0x7A  // a middle byte no key has
                #expect(Self.padded(missing) { table.lookup($0, $1, tag: Int32(i % 3)) } == nil)
            }
        }
        table.insert(keys[5], 99, tag: 5 % 3)  // replaces
        #expect(table.count == keys.count)
        #expect(Self.padded(keys[5]) { table.lookup($0, $1, tag: 5 % 3) } == 99)
    }

    @Test func keyPredictorGuessesOnlyTheExactNameAndQuote() {
        var rng = SplitMix64(seed: 12)
        let names = Self.keys(&rng).filter { !$0.isEmpty }.prefix(200).map { $0 }
        let storage = KeyPredictor.Storage(names: names)
        let keys = KeyPredictor(storage)
        for (f, name) in names.enumerated() {
            let previous = Int32(f == 0 ? -1 : f - 1)
            keys.learn(after: previous, Int32(f))
            let line = name + Array("\":1}".utf8)
            let guessable = name.count <= 15
            #expect(Self.padded(line) { keys.guess(after: previous, $0, 0, $1) } == (guessable ? f : nil))
            // The same bytes without the closing quote, cut short, or one byte off: no guess.
            #expect(Self.padded(name + Array("x\":1}".utf8)) { keys.guess(after: previous, $0, 0, $1) } == nil)
            #expect(Self.padded(name) { keys.guess(after: previous, $0, 0, $1) } == nil)
            for i in name.indices {
                var other = line
                other[i] ^= 0x01
                #expect(Self.padded(other) { keys.guess(after: previous, $0, 0, $1) } == nil)
            }
        }
    }

    /// RFC 4180 cells of one line as `CSVParser` reads them, on bytes; nil
    /// when the line is broken or a quoted cell does not close on it.
    static func referenceCells(_ row: [UInt8]) -> [[UInt8]]? {
        var cells: [[UInt8]] = [], cell: [UInt8] = []
        var inQuotes = false, wasQuoted = false, k = 0
        while k < row.count {
            let c = row[k]
            if inQuotes {
                if c == 0x22 {
                    if k + 1 < row.count && row[k + 1] == 0x22 { cell.append(0x22); k += 2; continue }
                    inQuotes = false
                } else {
                    cell.append(c)
                }
            } else if c == 0x2C {
                cells.append(cell); cell = []; wasQuoted = false
            } else if c == 0x22 {
                if !cell.isEmpty || wasQuoted { return nil }
                inQuotes = true; wasQuoted = true
            } else {
                if wasQuoted { return nil }
                cell.append(c)
            }
            k += 1
        }
        if inQuotes { return nil }
        return cells + [cell]
    }

    /// A JSON string's end as the scanner finds it, 32 bytes at a time,
    /// against the definition read byte by byte: strings of every length up
    /// to 100 with a quote, an escape, a control character, a `\u` or
    /// nothing at every position, the padding after the line full of the
    /// bytes the scanner looks for (which it must not see).
    @Test func jsonStringEndsWhereTheFirstQuoteIs() {
        func expected(_ b: [UInt8]) -> (Int, Bool)? {
            var i = 0, escaped = false
            while i < b.count {
                let c = b[i]
                if c == 0x22 { return (i, escaped) }
                if c < 0x20 { return nil }
                if c == 0x5C {
                    guard i + 1 < b.count, Array("\"\\/bfnrt".utf8).contains(b[i + 1]) else { return nil }
                    escaped = true
                    i += 2
                    continue
                }
                i += 1
            }
            return nil
        }
        let marks: [[UInt8]] = [[0x22], [0x5C, 0x22], [0x5C, 0x6E], [0x5C, 0x75], [0x0A], [0x1F], [0x20], [0xE4, 0xB8, 0xAD]]
        for length in 0...100 {
            for at in 0...length {
                for mark in marks {
                    var text = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    text.replaceSubrange(at..<min(length, at + mark.count), with: mark.prefix(length - at))
                    let line = text + [UInt8](repeating: 0x22, count: FastWorker.padding)
                    let (got, key) = line.withUnsafeBufferPointer {
                        (FastJSONScanner.valueStringEnd($0.baseAddress!, text.count, 0), FastJSONScanner.stringEnd($0.baseAddress!, text.count, 0))
                    }
                    let want = expected(text)
                    #expect(got?.0 == want?.0 && got?.1 == want?.1, "length \(length), \(mark) at \(at)")
                    // A key ends at its first quote, and has no escapes or control characters.
                    let stop = text.firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }
                    #expect(key == stop.flatMap { text[$0] == 0x22 ? $0 : nil }, "key: length \(length), \(mark) at \(at)")
                }
            }
        }
    }

    @Test func csvSplitterAgreesWithTheParsersCells() {
        var rng = SplitMix64(seed: 13)
        // Bytes just below and above 0x2D, which the splitter's one test flags or not.
        let alphabet = Array("ab,-1\t\u{1}\u{0}中\"\" +.".utf8)
        for _ in 0..<5000 {
            let columns = (0..<(1 + Int(rng.next() % 8))).map { _ in Int(rng.next() % 5) - 1 }
            let storage = FastCSVSplitter.Storage(columns: columns)
            let splitter = FastCSVSplitter(storage)
            // Rows across the splitter's 32-byte windows, padded with bytes it flags (which it must not see).
            let row = (0..<Int(rng.next() % 100)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let fields = FastRecord.Storage(fields: 4)
            var record = FastRecord(fields)
            let ok = (row + Array(repeating: UInt8(ascii: ","), count: FastWorker.padding)).withUnsafeBufferPointer {
                splitter.split($0.baseAddress!, row.count, into: &record)
            }
            let reference = Self.referenceCells(row)
            // (UTF-8 is the caller's check, of the whole row: the splitter's bytes may be any.)
            let expected = reference.map { cells in cells.count == columns.count && !row.contains(0) } ?? false
            #expect(ok == expected, "row \(row)")
            guard ok, let cells = reference else { continue }
            for (cell, f) in zip(cells, columns) where f >= 0 {
                var span = record.present & (1 << UInt64(f)) != 0 ? Array(row[Int(record.start[f])..<Int(record.end[f])]) : []
                if record.escaped & (1 << UInt64(f)) != 0 {
                    span = Array(String(decoding: span, as: UTF8.self).replacingOccurrences(of: "\"\"", with: "\"").utf8)
                }
                // A field in two columns keeps the last non-empty cell.
                if let last = Array(zip(cells, columns)).last(where: { $1 == f && !$0.isEmpty }) { #expect(span == last.0) } else { #expect(span.isEmpty && cell.isEmpty) }
            }
        }
    }

    /// The byte reader's UTF-8 check against the standard library's, on
    /// text built from pieces that sit at its edges: runs of CJK characters
    /// (checked two at a time), the lead bytes E0 and ED with second bytes
    /// on both sides of their bounds, surrogates, overlong forms, truncated
    /// characters at every position, and bytes past the end that would
    /// complete a character cut short.
    @Test func utf8CheckAgreesWithTheStandardLibrary() {
        let pieces: [[UInt8]] = [
            Array("单位".utf8), Array("整改到位，".utf8), Array("abc".utf8), [0xE0, 0xA0, 0x80], [0xE0, 0x9F, 0xBF],
            [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xE4, 0xB8], [0xE4], [0xB8], [0xC2, 0xA9],
            [0xC0, 0xAF], [0xF0, 0x9F, 0x98, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE9, 0x80, 0xC0], [0xE9, 0xC0, 0x80], [0x00],
        ]
        var rng = SplitMix64(seed: 0x07F8)
        for _ in 0..<50000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(rng.next() % 8) {
                let piece = pieces[Int(rng.next() % UInt64(pieces.count))]
                for _ in 0..<Int(1 + rng.next() % 3) { bytes += piece }
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(Self.padded(bytes) { ByteParsing.validUTF8($0, $1) } == expected, "\(bytes)")
            // The padding past the end completing a cut character must not make it valid.
            let completed = bytes + [UInt8](repeating: 0x80, count: 16)
            let got = completed.withUnsafeBufferPointer { ByteParsing.validUTF8($0.baseAddress!, bytes.count) }
            #expect(got == expected, "\(bytes) with continuation bytes after it")
        }
    }
}
