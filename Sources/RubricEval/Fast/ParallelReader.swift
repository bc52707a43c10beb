import Foundation
import RubricSyntax
#if canImport(Glibc)
import Glibc
#endif

/// Reads UTF-8 event files in parts on several threads, each part scored
/// by its own `FastWorker`, and merges the parts in file order, so the
/// result is the same at any thread count.
struct ParallelReader: @unchecked Sendable {
    let evaluator: Evaluator
    let plans: [FastPlan]
    let threads: Int
    static let chunk = 4 << 20

    /// The partial state of all `files`, or the file that must be read the general way.
    func accumulate(files: [String]) throws -> Evaluator.Partial {
        var total: Evaluator.Partial?
        for (fi, path) in files.enumerated() {
            let part = try file(path, fi) ?? evaluator.accumulate(
                sources: [{ try EventFileReader(path: path, encoding: evaluator.options.encoding) }], names: [path], fileOffset: fi)
            if total == nil { total = part } else { total!.merge(part) }
        }
        return total ?? Evaluator.Partial(accumulator: Accumulator(), rejects: [], names: [])
    }

    /// One file read in parallel parts; nil when it needs the general reader
    /// (standard input, not UTF-8, CSV with quotes: found by the parts as
    /// they go, which then all stop).
    func file(_ path: String, _ fi: Int) throws -> Evaluator.Partial? {
        guard path != "-" else { return nil }
        let probe = try LineReader(path: path)
        let head = try probe.head()
        guard evaluator.options.encoding != .gb18030, LineDecoder.detect(head) == .utf8 else { return nil }
        let format = EventFormat.guess(path: path, head: head)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let size = Int(st.st_size)
        var bodyStart = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var header: [String]?
        var firstLine = 1
        if format == .csv {
            // Only a plain first line is read as the header here: the general reader skips
            // a blank one, rejects one with a NUL, and follows a quoted cell across lines.
            guard let nl = head.firstIndex(of: 0x0A) else { return nil }
            var line = head[bodyStart..<nl]
            if line.last == 0x0D { line = line.dropLast() }
            guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }), !line.contains(0), !line.contains(UInt8(ascii: "\"")),
                  case .cells(let cells) = CSVParser.split(String(decoding: line, as: UTF8.self)) else { return nil }
            header = cells.map { $0.trimmingSpaces }
            guard Set(header!.filter { !$0.isEmpty }).count == header!.filter({ !$0.isEmpty }).count else { return nil }
            bodyStart = nl + 1
            firstLine = 2
        }
        // Parts end just after a newline.
        let parts = max(1, min(threads, (size - bodyStart) / max(1, evaluator.options.minimumPartBytes) + 1))
        var bounds = [bodyStart]
        for k in 1..<parts { bounds.append(max(bounds.last!, Self.nextLineStart(fd, size, bodyStart + (size - bodyStart) * k / parts))) }
        bounds.append(size)
        let results = Results(count: parts)
        let (csvHeader, cuts) = (header, bounds)
        DispatchQueue.concurrentPerform(iterations: parts) { k in
            var worker = FastWorker(options: evaluator.options, plans: plans, path: path, fileIndex: fi, csvHeader: csvHeader)
            let lines = Self.read(fd, from: cuts[k], to: cuts[k + 1], stop: { results.abandoned }) { p, n, line in worker.line(p, n, line) }
            if worker.fileNeedsGeneralReader { results.abandon() }
            if results.abandoned { return }
            let (acc, rejects) = worker.finish()
            results.set(k, (acc, rejects, lines))
        }
        if results.abandoned { return nil }
        var partial = Evaluator.Partial(accumulator: Accumulator(), rejects: [], names: [path])
        var lineBase = firstLine - 1
        for k in 0..<parts {
            let (acc, rejects, lines) = results.get(k)
            if k == 0 { partial.accumulator = acc } else { partial.accumulator.merge(acc) }
            partial.rejects += rejects.map { var r = $0; r.line += lineBase; return r }
            lineBase += lines
        }
        return partial
    }

    /// Calls `body` with each line of `[from, to)` (terminators removed) and its
    /// number within the part, until `stop` says so (asked once a chunk);
    /// returns the number of lines.
    static func read(_ fd: Int32, from: Int, to: Int, stop: () -> Bool = { false }, _ body: (UnsafePointer<UInt8>, Int, Int) -> Void) -> Int {
        // Padded: the scanners may read (never use) a few bytes past a line.
        var buffer = [UInt8](repeating: 0, count: chunk + LineReader.maxLineBytes + 2 + FastWorker.padding)
        var offset = from, carry = 0, line = 0
        while offset < to || carry > 0 {
            if stop() { break }
            let want = min(chunk, to - offset)
            let got = want > 0 ? buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + carry, want, off_t(offset)) } : 0
            if got < 0 { break }
            offset += got
            let end = carry + got
            let atEnd = offset >= to
            carry = buffer.withUnsafeBufferPointer { b -> Int in
                let base = b.baseAddress!
                var start = 0
                while start < end {
                    guard let nlp = memchr(base + start, 0x0A, end - start) else { break }
                    let nl = base.distance(to: nlp.assumingMemoryBound(to: UInt8.self))
                    line += 1
                    var len = nl - start
                    if len > 0 && base[start + len - 1] == 0x0D { len -= 1 }
                    body(base + start, len, line)
                    start = nl + 1
                }
                if atEnd && start < end {
                    line += 1
                    var len = end - start
                    if base[start + len - 1] == 0x0D { len -= 1 }
                    body(base + start, len, line)
                    start = end
                }
                return end - start
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

    /// The parts' results, written by the workers; or the news that they are void.
    final class Results: @unchecked Sendable {
        private var items: [(Accumulator, [Reject], Int)?]
        private var void = false
        private let lock = NSLock()
        init(count: Int) { items = Array(repeating: nil, count: count) }
        var abandoned: Bool { lock.lock(); defer { lock.unlock() }; return void }
        func abandon() { lock.lock(); void = true; lock.unlock() }
        func set(_ k: Int, _ v: (Accumulator, [Reject], Int)) { lock.lock(); items[k] = v; lock.unlock() }
        func get(_ k: Int) -> (Accumulator, [Reject], Int) { lock.lock(); defer { lock.unlock() }; return items[k]! }
    }
}
