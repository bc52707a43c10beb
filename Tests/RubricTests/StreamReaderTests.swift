import Foundation
import PropertyBased
@testable import RubricEval
import RubricReport
import RubricSyntax
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Standard input, pipes, CSV with quoted cells (across lines too) and
/// GB18030 are read by one thread into blocks of whole records that several
/// workers score. Whatever the input's shape and the blocks' size, the
/// result is the general reader's, byte for byte.
@Suite struct StreamReaderTests {
    static let units = ["区财政局", "区教育局", "caf\u{E9}", "cafe\u{301}", "团区委", "区卫生健康委员会"]
    static let types = ["late_arrival", "education_activity", "off_post", "system_incomplete", "survey", "no_such_type"]

    /// A CSV log as offices write it: notes with commas, doubled quotes and
    /// line breaks, quoted units, CRLF or LF, and a few broken rows.
    static func csv(_ rng: inout SplitMix64, rows: Int, crlf: Bool) -> String {
        let nl = crlf ? "\r\n" : "\n"
        var text = "\u{FEFF}id,date,unit,type,count,points,rate,note" + nl
        for i in 0..<rows {
            let unit = units[Int(rng.next() % UInt64(units.count))]
            let type = types[Int(rng.next() % UInt64(types.count))]
            let day = String(format: "2024-%02d-%02d", 1 + Int(rng.next() % 12), 1 + Int(rng.next() % 28))
            var note = "第\(i)条"
            switch rng.next() % 10 {
            case 0: note = "\"迟到，早退, 已通报\""
            case 1: note = "\"他说\"\"明天再来\"\"\""
            case 2: note = "\"第一行\(nl)第二行，\(nl)第三行\""
            case 3: note = "\"未闭合"          // runs into the next rows until a quote closes it
            case 4: note = "坏\"引号"          // a quote inside an unquoted cell
            case 5: note = "\"\(nl)\""
            default: break
            }
            let points = type == "system_incomplete" ? "\(1 + rng.next() % 2)" : ""
            let rate = type == "survey" ? "\(rng.next() % 101).5" : ""
            let quotedUnit = rng.next() % 7 == 0 ? "\"\(unit)\"" : unit
            text += "E\(i),\(day),\(quotedUnit),\(type),\(1 + rng.next() % 3),\(points),\(rate),\(note)" + nl
            if rng.next() % 25 == 0 { text += "   " + nl }
        }
        return text
    }

    static func jsonl(_ rng: inout SplitMix64, rows: Int) -> String {
        (0..<rows).map { i -> String in
            let unit = units[Int(rng.next() % UInt64(units.count))]
            let type = types[Int(rng.next() % UInt64(types.count))]
            let day = String(format: "2024-%02d-%02d", 1 + Int(rng.next() % 12), 1 + Int(rng.next() % 28))
            let note = rng.next() % 5 == 0 ? #"带\"引号\"，和逗号"# : "第\(i)条"
            let broken = rng.next() % 40 == 0 ? "{" : ""
            return #"\#(broken){"id":"E\#(i)","date":"\#(day)","unit":"\#(unit)","type":"\#(type)","note":"\#(note)"}"#
        }.joined(separator: "\n") + "\n"
    }

    /// The outcome of reading `bytes` as a file named `name` at 0 threads
    /// (the general reader), and at 1-3 threads from the file and from a pipe.
    static func outcomes(_ bytes: [UInt8], name: String, blockBytes: Int) -> [String] {
        let dir = TestSupport.tempDir()
        let file = dir.appendingPathComponent(name)
        try? Data(bytes).write(to: file)
        var options = EvalOptions(versions: TestSupport.compiled())
        options.minimumPartBytes = blockBytes
        func render(_ path: String, _ threads: Int) -> String {
            var o = options
            o.threads = threads
            do { return JSONReport.render(try Evaluator(options: o).run(files: [path])) } catch { return "error: \(error)" }
        }
        var got = [render(file.path, 0)]
        for threads in 1...3 {
            got.append(render(file.path, threads))
            // A named pipe, written by another thread while the reader reads it.
            let fifo = dir.appendingPathComponent("pipe-\(threads)-" + name).path
            mkfifo(fifo, 0o600)
            let writer = Thread {
                let fd = open(fifo, O_WRONLY)
                bytes.withUnsafeBytes { b in
                    var off = 0
                    while off < b.count {
                        let n = write(fd, b.baseAddress! + off, min(777, b.count - off))
                        if n <= 0 { break }
                        off += n
                    }
                }
                close(fd)
            }
            writer.start()
            got.append(render(fifo, threads).replacingOccurrences(of: fifo, with: file.path))
        }
        try? FileManager.default.removeItem(at: dir)
        return got
    }

    @Test func csvFromFilesAndPipesScoresAsTheGeneralReader() {
        var rng = SplitMix64(seed: 0x5EED)
        for round in 0..<6 {
            let text = Self.csv(&rng, rows: 120, crlf: round % 2 == 1)
            for block in [64, 300, 1 << 20] {
                let got = Self.outcomes(Array(text.utf8), name: "events.csv", blockBytes: block)
                for (k, other) in got.enumerated().dropFirst() { #expect(other == got[0], "round \(round), blocks of \(block), reading \(k)") }
                #expect(got[0].contains("\"rejects\""))
            }
        }
    }

    @Test func gb18030FromFilesAndPipesScoresAsTheGeneralReader() throws {
        var rng = SplitMix64(seed: 0x6B18030)
        for round in 0..<3 {
            let text = Self.csv(&rng, rows: 100, crlf: false)
            var bytes = try #require(Self.gb18030(text))
            // A byte that is not GB18030 in one round: its block is read line by line.
            if round == 1 { bytes.insert(0x80, at: bytes.count / 2) }
            for block in [100, 1 << 20] {
                let got = Self.outcomes(Array(bytes), name: "events.csv", blockBytes: block)
                for (k, other) in got.enumerated().dropFirst() { #expect(other == got[0], "round \(round), blocks of \(block), reading \(k)") }
            }
        }
    }

    @Test func jsonLinesFromPipesScoresAsTheGeneralReader() {
        var rng = SplitMix64(seed: 0x1501)
        let text = Self.jsonl(&rng, rows: 300)
        for block in [64, 500, 1 << 20] {
            let got = Self.outcomes(Array(text.utf8), name: "events.jsonl", blockBytes: block)
            for (k, other) in got.enumerated().dropFirst() { #expect(other == got[0], "blocks of \(block), reading \(k)") }
        }
    }

    /// The reading thread checks a block's UTF-8 as a whole: a block with a
    /// broken sequence anywhere (a stray byte, a character cut short, an
    /// encoded surrogate) has each line checked, and only those lines are
    /// rejected, as the general reader rejects them.
    @Test func brokenUTF8InABlockIsRejectedLineByLine() {
        var rng = SplitMix64(seed: 0x0BAD_0F8)
        let broken: [[UInt8]] = [[0xFF], [0xE4, 0xB8], [0xED, 0xA0, 0x80], [0xC3, 0x28]]
        for (name, text) in [("events.jsonl", Self.jsonl(&rng, rows: 200)), ("events.csv", Self.csv(&rng, rows: 200, crlf: false))] {
            // A broken sequence near the end of every 23rd line, inside its last cell.
            var out: [UInt8] = []
            var line = 0
            for b in Array(text.utf8) {
                if b == 0x0A {
                    if line % 23 == 11, out.count >= 3 { out.insert(contentsOf: broken[(line / 23) % broken.count], at: out.count - 3) }
                    line += 1
                }
                out.append(b)
            }
            for block in [64, 1 << 20] {
                let got = Self.outcomes(out, name: name, blockBytes: block)
                for (k, other) in got.enumerated().dropFirst() { #expect(other == got[0], "\(name), blocks of \(block), reading \(k)") }
                #expect(got[0].contains("UTF-8"), "\(name): the broken lines are rejected")
            }
        }
    }

    /// `CSVRecordEnd` ends a record exactly where `CSVParser` stops asking
    /// for another line, on random lines of quotes, commas, text and BOMs.
    /// A line longer than `LineReader.maxLineBytes` inside a quoted cell
    /// ends its record (the record is rejected whole), whichever reader
    /// reads it: the cuts between blocks and between parts of a file fall
    /// where the workers see records end, so the rows after it score alike.
    @Test func anOverlongLineInsideAQuotedCellEndsItsRecordForEveryReader() {
        var rng = SplitMix64(seed: 0x0DD)
        var text = Self.csv(&rng, rows: 40, crlf: false)
        // A note opened on one line, an overlong line, then a row opening another note.
        text += "E900,2024-03-01,区财政局,late_arrival,1,,,\"开始\n" + String(repeating: "长", count: LineReader.maxLineBytes / 3 + 10) + "\n"
        text += "E901,2024-03-02,区财政局,late_arrival,1,,,\"又一个\n结束\"\n"
        text += Self.csv(&rng, rows: 40, crlf: false).split(separator: "\n", maxSplits: 1)[1]
        for block in [300, 1 << 20] {
            let got = Self.outcomes(Array(text.utf8), name: "events.csv", blockBytes: block)
            for (k, other) in got.enumerated().dropFirst() { #expect(other == got[0], "blocks of \(block), reading \(k)") }
        }
        // Where the stream reader may cut: after the overlong line (its record ended), not after
        // the next one, which opens a record of its own for the workers.
        let open = Array("E900,2024-03-01,区财政局,late_arrival,1,,,\"开始\n".utf8), long = Array((String(repeating: "长", count: LineReader.maxLineBytes / 3 + 10) + "\n").utf8)
        let next = Array("E901,2024-03-02,区财政局,late_arrival,1,,,\"又一个\n".utf8)
        var records = CSVRecordEnd(), scanned = 0
        let bytes = open + long + next
        #expect(StreamReader.lastRecordEnd(bytes, from: &scanned, to: open.count + long.count, &records) == open.count + long.count)
        #expect(StreamReader.lastRecordEnd(bytes, from: &scanned, to: bytes.count, &records) == 0)
        #expect(records.inRecord)
    }

    @Test func recordEndsWhereTheParserStopsAskingForMore() {
        var rng = SplitMix64(seed: 0xC5F)
        let atoms = ["\"", "\"", ",", "a", "区", "\u{FEFF}", " "]
        for _ in 0..<5000 {
            let lines = (0..<(1 + Int(rng.next() % 4))).map { _ in
                (0..<Int(rng.next() % 8)).map { _ in atoms[Int(rng.next() % UInt64(atoms.count))] }.joined()
            }
            var end = CSVRecordEnd()
            var text = ""
            for (k, line) in lines.enumerated() {
                text += (k == 0 ? "" : "\n") + line
                let ends = end.endsRecord(Array(line.utf8)[...])
                let open: Bool
                if case .unterminated = CSVParser.split(text) { open = true } else { open = false }
                #expect(ends == !open, "\(lines) at line \(k)")
                if ends { text = ""; end = CSVRecordEnd(); break }
            }
        }
    }

    /// GB18030 bytes through iconv (Foundation on Linux has no GB18030 encoder).
    static func gb18030(_ text: String) -> Data? {
        let dir = TestSupport.tempDir()
        let src = dir.appendingPathComponent("in.txt")
        TestSupport.write(text, to: src)
        let out = dir.appendingPathComponent("out.txt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = TestSupport.run("/usr/bin/iconv", ["-f", "UTF-8", "-t", "GB18030", "-o", out.path, src.path])
        return r.status == 0 ? try? Data(contentsOf: out) : nil
    }
}

/// The table decoder of GB18030 blocks gives iconv's bytes, or gives up.
@Suite struct GB18030TableTests {
    /// Every two-byte code, a sweep of the four-byte codes (both planes) and
    /// random byte strings: where the tables decode, iconv gives the same
    /// UTF-8; where iconv decodes, so do the tables.
    @Test func tablesAgreeWithIconv() throws {
        let tables = try #require(GB18030Tables.shared)
        let decoder = try LineDecoder(encoding: .gb18030)
        func check(_ bytes: [UInt8]) {
            var out: [UInt8] = []
            let count = bytes.withUnsafeBytes { tables.transcode($0, into: &out) }
            let reference = decoder.convert(bytes[...])
            switch reference {
            case .success(let s): #expect(count.map { Array(out[0..<$0]) } == Array(s.utf8), "\(bytes)")
            case .failure: #expect(count == nil, "\(bytes)")
            }
        }
        for lead in 0x81...0xFE { for trail in 0x30...0xFF { check([UInt8(lead), UInt8(trail), 0x41]) } }
        for i in stride(from: 0, to: GB18030Tables.bmpFourByteCount, by: 37) { check(GB18030Tables.fourBytes(linear: i, base: 0x81)) }
        for i in stride(from: 0, to: 0x100000, by: 997) { check(GB18030Tables.fourBytes(linear: i, base: 0x90)) }
        check(GB18030Tables.fourBytes(linear: 0xFFFFF, base: 0x90))
        check([0xE3, 0x32, 0x9A, 0x36])
        var rng = SplitMix64(seed: 0x18030)
        for _ in 0..<20000 {
            check((0..<Int(1 + rng.next() % 12)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        }
        // Runs of ASCII between characters of every length, so that words of
        // ASCII with a character inside them, and text ending mid-word, are
        // written right.
        let characters: [[UInt8]] = [[0xB5, 0xA5], [0xCE, 0xBB], [0x81, 0x30, 0x81, 0x30], [0x95, 0x32, 0x82, 0x36], [0xA1, 0xA1], [0x80]]
        for _ in 0..<20000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(rng.next() % 6) {
                bytes += (0..<Int(rng.next() % 11)).map { _ in UInt8(0x20 + rng.next() % 0x5F) }
                bytes += characters[Int(rng.next() % UInt64(characters.count - (rng.next() % 50 == 0 ? 0 : 1)))]
            }
            bytes += (0..<Int(rng.next() % 11)).map { _ in UInt8(0x20 + rng.next() % 0x5F) }
            check(bytes)
        }
    }
}
