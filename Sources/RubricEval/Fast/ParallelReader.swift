import Foundation
import RubricSyntax
#if canImport(Glibc)
import Glibc
#endif

/// Reads event files for the fast workers, each file the way that suits
/// it, and merges the workers' results in file order, so the result is the
/// same at any thread count: a UTF-8 JSON Lines file is cut into parts, one
/// per thread, each read in place; anything else (standard input, pipes,
/// CSV, GB18030) is read by one thread into blocks of whole records that
/// several workers score (`StreamReader`).
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

    /// A regular UTF-8 JSON Lines file read in parallel parts; nil for any
    /// other input (the stream reader reads it).
    func parts(_ path: String, _ fi: Int) throws -> Evaluator.Partial? {
        // Only a regular file can be read in parts (a pipe's bytes are read once, by the stream reader).
        var info = stat()
        guard path != "-", stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let probe = try LineReader(path: path)
        let head = try probe.head()
        guard evaluator.options.encoding != .gb18030, LineDecoder.detect(head) == .utf8, probe.lineEnding == .lineFeed,
              EventFormat.guess(path: path, head: head) == .jsonl else { return nil }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size)
        let bodyStart = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        // Parts end just after a newline.
        let parts = max(1, min(threads, (size - bodyStart) / max(1, evaluator.options.minimumPartBytes) + 1))
        var bounds = [bodyStart]
        for k in 1..<parts { bounds.append(max(bounds.last!, Self.nextLineStart(fd, size, bodyStart + (size - bodyStart) * k / parts))) }
        bounds.append(size)
        let results = IndexedResults<(WorkerResult, Int)>(count: parts)
        let cuts = bounds
        DispatchQueue.concurrentPerform(iterations: parts) { k in
            var worker = FastWorker(evaluator: evaluator, path: path, fileIndex: fi, csvHeader: nil)
            worker.block = k
            let lines = Self.read(fd, from: cuts[k], to: cuts[k + 1]) { p, n, line in worker.line(p, n, line) }
            worker.endOfBlock()
            results.set(k, (worker.finish(), lines))
        }
        var lineBase = [0]
        for k in 0..<parts { lineBase.append(lineBase[k] + results.get(k).1) }
        return WorkerResult.merge((0..<parts).map { results.get($0).0 }, lineBase: lineBase, name: path)
    }

    /// Calls `body` with each line of `[from, to)` (terminators removed) and its
    /// number within the part; returns the number of lines.
    static func read(_ fd: Int32, from: Int, to: Int, _ body: (UnsafePointer<UInt8>, Int, Int) -> Void) -> Int {
        // Padded: the scanners may read (never use) a few bytes past a line.
        var buffer = [UInt8](repeating: 0, count: chunk + LineReader.maxLineBytes + 2 + FastWorker.padding)
        var offset = from, carry = 0, line = 0
        while offset < to || carry > 0 {
            let want = min(chunk, to - offset)
            let got = want > 0 ? buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + carry, want, off_t(offset)) } : 0
            if got < 0 { break }
            offset += got
            let end = carry + got
            let atEnd = offset >= to
            carry = buffer.withUnsafeBufferPointer { b -> Int in
                let (lines, used) = LineSplitter.split(b.baseAddress!, end, after: line, final: atEnd, body)
                line += lines
                return end - used
            }
            if carry > 0 {
                let start = end - carry
                if carry > LineReader.maxLineBytes {
                    // An overlong line: report it (as the first bytes) and skip to its end.
                    line += 1
                    buffer.withUnsafeBufferPointer { body($0.baseAddress! + start, LineReader.maxLineBytes + 1, line) }
                    var skip = offset
                    while skip < to {
                        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, min(chunk, to - skip), off_t(skip)) }
                        if n <= 0 { skip = to; break }
                        if let nlp = buffer.withUnsafeBufferPointer({ memchr($0.baseAddress!, 0x0A, n) }) {
                            skip += buffer.withUnsafeBufferPointer { $0.baseAddress!.distance(to: nlp.assumingMemoryBound(to: UInt8.self)) } + 1
                            break
                        }
                        skip += n
                    }
                    offset = skip
                    carry = 0
                } else {
                    buffer.withUnsafeMutableBufferPointer { b in
                        UnsafeMutableRawPointer(b.baseAddress!).copyMemory(from: b.baseAddress! + start, byteCount: carry)
                    }
                }
            }
            if atEnd && carry == 0 { break }
        }
        return line
    }

    /// The offset just after the first newline at or after `at` (or the end).
    static func nextLineStart(_ fd: Int32, _ size: Int, _ at: Int) -> Int {
        var buf = [UInt8](repeating: 0, count: 65536)
        var off = at
        while off < size {
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, 65536, off_t(off)) }
            if n <= 0 { return size }
            if let i = buf[0..<n].firstIndex(of: 0x0A) { return off + i + 1 }
            off += n
        }
        return size
    }
}
