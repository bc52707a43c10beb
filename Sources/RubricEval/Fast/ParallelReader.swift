import Foundation
import RubricSyntax
#if canImport(Glibc)
import Glibc
#endif

/// Reads event files for the fast workers, each file the way that suits
/// it, and merges the workers' results in file order, so the result is the
/// same at any thread count: a regular file of JSON Lines, or of CSV (UTF-8
/// or GB18030) with more than one thread, is cut into parts, one per
/// thread, each read in place; anything else (standard input, pipes) is
/// read by one thread into blocks of whole records that several workers
/// score (`StreamReader`).
struct ParallelReader: @unchecked Sendable {
    let evaluator: Evaluator
    let threads: Int
    static let chunk = 4 << 20

    /// The partial state of all `files`.
    func accumulate(files: [String]) throws -> Evaluator.Partial {
        var total: Evaluator.Partial?
        for (fi, path) in files.enumerated() {
            // A workbook is read whole by its reader (a zip's parts cannot be streamed by lines).
            let part = WorkbookSheet.isWorkbook(path)
                ? try evaluator.accumulate(sources: [{ try EventSources.open(path, options: evaluator.options) }], names: [path], fileOffset: fi)
                : try parts(path, fi) ?? StreamReader(evaluator: evaluator, threads: threads).accumulate(path: path, fileIndex: fi)
            if total == nil { total = part } else { total!.merge(part) }
        }
        return total ?? Evaluator.Partial(accumulator: Accumulator(), rejects: [], names: [])
    }

    /// A regular file read in parallel parts, one per thread, each read in
    /// place: JSON Lines in UTF-8, and with more than one thread CSV in
    /// UTF-8 or GB18030 (with one thread the stream reader reads and scores
    /// side by side). Nil for any other input (the stream reader reads it).
    func parts(_ path: String, _ fi: Int) throws -> Evaluator.Partial? {
        // Only a regular file can be read in parts (a pipe's bytes are read once, by the stream reader).
        var info = stat()
        guard path != "-", stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let probe = try LineReader(path: path)
        let head = try probe.head()
        guard probe.lineEnding == .lineFeed else { return nil }
        let options = evaluator.options
        let encoding = options.encoding == .auto ? LineDecoder.detect(head) : options.encoding
        var header: [String]?
        var bodyStart = 0, headerLines = 0
        switch EventFormat.guess(path: path, head: head) {
        case .jsonl:
            guard options.encoding != .gb18030, LineDecoder.detect(head) == .utf8 else { return nil }
            bodyStart = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        case .csv:
            guard threads > 1, encoding == .utf8 || encoding == .gb18030 else { return nil }
            header = try StreamReader.header(probe, LineRecords(path: path, decoder: LineDecoder(encoding: encoding)), required: options.requiredCSVColumns)
            guard header != nil else { return nil }
            // Where the body starts: what was read less what the reader holds unread.
            bodyStart = Int(lseek(probe.fd, 0, SEEK_CUR)) - (probe.buffer.count - probe.start)
            headerLines = probe.lineNumber
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size)
        guard bodyStart <= size else { return nil }
        let parts = max(1, min(threads, (size - bodyStart) / max(1, options.minimumPartBytes) + 1))
        // Parts start after a line feed, each near an even share of the body. A part is read on past
        // its end while a CSV record is open in it (a quoted cell spanning lines, as its worker reads
        // it), and a part that began inside that record is read again from where the record ended:
        // so parts start where the workers themselves see records end, with no pass over the file
        // before them (a cut lands inside a record about as often as a record spans lines: about one
        // in a hundred in the office's logs).
        var cuts = [bodyStart]
        for k in 1..<parts { cuts.append(max(cuts[k - 1], Self.nextLineStart(fd, size, bodyStart + (size - bodyStart) * k / parts))) }
        let starts = cuts
        let ends = Array(starts.dropFirst()) + [size]
        // GB18030 is transcoded by the shared tables; a run they do not map is decoded line by line
        // with iconv, one converter per part (iconv is not shared): `FastWorker.lines`.
        let converters = try (0..<parts).map { _ in StreamReader.Handed(encoding == .gb18030 ? try LineDecoder(encoding: .gb18030) : nil) }
        let csvHeader = header
        /// Part `k` read from `from` to `to` (and on while a record is open): the worker's result, its lines and where it ended.
        @Sendable func readPart(_ k: Int, from: Int, to: Int) -> (result: WorkerResult, lines: Int, end: Int) {
            var worker = FastWorker(evaluator: evaluator, path: path, fileIndex: fi, csvHeader: csvHeader)
            worker.block = k
            let raw = converters[k].value.map { LineRecords(path: path, decoder: $0) }
            var transcoded: [UInt8] = []
            let (lines, end) = Self.read(fd, from: from, to: to, size: size, recordOpen: { worker.csvEnd.inRecord }) { p, n, after in
                worker.lines(p, n, after: after, gb18030: raw, transcoded: &transcoded)
            }
            worker.endOfBlock()
            return (worker.finish(), lines, end)
        }
        let results = IndexedResults<(result: WorkerResult, lines: Int, end: Int)>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { k in results.set(k, readPart(k, from: starts[k], to: ends[k])) }
        var read = (0..<parts).map { results.get($0) }
        for k in 1..<parts where read[k - 1].end != starts[k] {
            read[k] = readPart(k, from: read[k - 1].end, to: max(read[k - 1].end, ends[k]))
        }
        var lineBase = [headerLines]
        for k in 0..<parts { lineBase.append(lineBase[k] + read[k].lines) }
        return WorkerResult.merge(read.map(\.result), lineBase: lineBase, name: path)
    }

    /// Calls `wholeLines` with runs of whole lines of `[from, to)` as read
    /// (each run padded, ending with a line feed or at `to`) and the number
    /// of lines before the run in the part; it returns how many lines it
    /// read. While `recordOpen` after them, the lines after `to` follow one
    /// at a time (up to `size`, the file's). Returns the number of lines and
    /// where the last ended.
    static func read(_ fd: Int32, from: Int, to: Int, size: Int, recordOpen: () -> Bool,
                     _ wholeLines: (UnsafePointer<UInt8>, Int, Int) -> Int) -> (lines: Int, end: Int) {
        // Padded: the scanners may read (never use) a few bytes past a line.
        var buffer = [UInt8](repeating: 0, count: chunk + LineReader.maxLineBytes + 2 + FastWorker.padding)
        var offset = from, carry = 0, line = 0
        while offset < to || carry > 0 {
            let want = min(chunk, to - offset)
            let got = want > 0 ? buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + carry, want, off_t(offset)) } : 0
            if got < 0 { break }
            offset += got
            let end = carry + got
            let atEnd = offset >= to || got == 0
            carry = buffer.withUnsafeBufferPointer { b -> Int in
                let run = atEnd ? end : (StreamReader.lastNewline(b.baseAddress!, from: 0, before: end).map { $0 + 1 } ?? 0)
                if run > 0 { line += wholeLines(b.baseAddress!, run, line) }
                return end - run
            }
            if carry > 0 {
                let start = end - carry
                if carry > LineReader.maxLineBytes {
                    // An overlong line: report it (as the first bytes) and skip to its end.
                    line += buffer.withUnsafeBufferPointer { wholeLines($0.baseAddress! + start, LineReader.maxLineBytes + 1, line) }
                    offset = Self.nextLineStart(fd, to, offset)
                    carry = 0
                } else {
                    buffer.withUnsafeMutableBufferPointer { b in
                        UnsafeMutableRawPointer(b.baseAddress!).copyMemory(from: b.baseAddress! + start, byteCount: carry)
                    }
                }
            }
            if atEnd && carry == 0 { break }
        }
        var end = to
        while end < size && recordOpen() {
            let (n, next) = readLine(fd, at: end, size: size, buffer: &buffer) { p, n in wholeLines(p, n, line) }
            line += n
            end = next
        }
        return (line, end)
    }

    /// The one line at `offset` (cut to `LineReader.maxLineBytes + 1`
    /// bytes when longer, as the stream reader cuts it), given to `body`;
    /// returns what `body` returns and where the next line starts.
    static func readLine(_ fd: Int32, at offset: Int, size: Int, buffer: inout [UInt8], _ body: (UnsafePointer<UInt8>, Int) -> Int) -> (Int, Int) {
        let want = min(LineReader.maxLineBytes + 1, size - offset)
        let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, want, off_t(offset)) }
        guard got > 0 else { return (0, size) }
        return buffer.withUnsafeBufferPointer { b in
            if let nl = memchr(b.baseAddress!, 0x0A, got) {
                let n = b.baseAddress!.distance(to: nl.assumingMemoryBound(to: UInt8.self)) + 1
                return (body(b.baseAddress!, n), offset + n)
            }
            // The file's last line, or an overlong one: its first bytes, then on past its line feed.
            return (body(b.baseAddress!, got), got < LineReader.maxLineBytes + 1 ? offset + got : nextLineStart(fd, size, offset + got))
        }
    }

    /// The offset just after the first newline in `[at, size)` (or `size`).
    static func nextLineStart(_ fd: Int32, _ size: Int, _ at: Int) -> Int {
        var buf = [UInt8](repeating: 0, count: 65536)
        var off = at
        while off < size {
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, min(65536, size - off), off_t(off)) }
            if n <= 0 { return size }
            if let i = buf[0..<n].firstIndex(of: 0x0A) { return off + i + 1 }
            off += n
        }
        return size
    }
}
