import Foundation
import RubricSyntax
#if canImport(Glibc)
import Glibc
#endif

/// Reads one input front to back on the calling thread (standard input, a
/// pipe, any file `ParallelReader` does not cut into parts: CSV read with
/// one thread, lines ended by CR alone) and cuts it into blocks of whole records,
/// transcoded to UTF-8, which `threads` workers score as they come. Memory
/// holds a few blocks, never the input.
///
/// A block ends only where a record ends: after a line feed for JSON Lines,
/// and for CSV where `CSVRecordEnd` (the definition every reader shares)
/// says no quoted cell is open, so a cell spanning lines is never split
/// between workers. The workers number lines within their blocks; the
/// merge places them (`WorkerResult.merge`).
struct StreamReader: @unchecked Sendable {
    let evaluator: Evaluator
    let threads: Int

    var options: EvalOptions { evaluator.options }

    func accumulate(path: String, fileIndex: Int) throws -> Evaluator.Partial {
        let reader = try LineReader(path: path)
        let head = try reader.head()
        let encoding = options.encoding == .auto ? LineDecoder.detect(head) : options.encoding
        let format = EventFormat.guess(path: path, head: head)
        let decoder = try LineDecoder(encoding: encoding)
        let header = format == .csv ? try Self.header(reader, LineRecords(path: path, decoder: decoder), required: options.requiredCSVColumns) : nil
        if format == .jsonl && reader.lineNumber == 0 && reader.buffer[reader.start...].starts(with: [0xEF, 0xBB, 0xBF]) {
            reader.start += 3
        }
        let headerLines = reader.lineNumber

        let queue = BlockQueue(capacity: threads + 1)
        let pool = BufferPool()
        let results = Collected(count: threads)
        let group = DispatchGroup()
        // GB18030 blocks are transcoded by the shared tables; a block they do not map is decoded
        // line by line with iconv, one converter per worker (iconv is not shared): `FastWorker.lines`.
        let converters = try (0..<threads).map { _ in Handed(encoding == .gb18030 ? try LineDecoder(encoding: .gb18030) : nil) }
        for w in 0..<threads {
            group.enter()
            let gb = converters[w]
            let thread = Thread { [self] in
                var worker = FastWorker(evaluator: evaluator, path: path, fileIndex: fileIndex, csvHeader: header)
                let rawLines = gb.value.map { LineRecords(path: path, decoder: $0) }
                while let b = queue.pop() {
                    defer { pool.give(b, keepUpTo: Self.bufferCapacity(options)) }
                    worker.block = b.index
                    let lines = b.bytes.withUnsafeBufferPointer {
                        worker.lines($0.baseAddress!, b.count, after: 0, checked: b.checked, undecoded: b.undecoded ? rawLines : nil)
                    }
                    worker.endOfBlock()
                    results.lines(b.index, lines)
                }
                results.set(w, worker.finish())
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        var failure: Error?
        do {
            // Large buffers (blocks, the workers' state pages) are mapped on their own and unmapped
            // when freed: with glibc's moving threshold they would settle in the workers' arenas,
            // which keep their pages (about 5 MiB more per thread).
            #if os(Linux)
            _ = glibcMallopt(-3 /* M_MMAP_THRESHOLD */, 256 << 10)
            #endif
            try cut(reader, format: format, pool: pool) { queue.push(Self.ready($0, gb18030: encoding == .gb18030, pool: pool)) }
        } catch {
            failure = error
        }
        queue.close()
        group.wait()
        if let failure { throw failure }
        var lineBase = [headerLines]
        for n in results.lineCounts { lineBase.append(lineBase[lineBase.count - 1] + n) }
        return WorkerResult.merge(results.all, lineBase: lineBase, name: path)
    }

    /// A block made ready for the workers on the reading thread, which
    /// would otherwise wait on them: GB18030 transcoded to UTF-8 by the
    /// shared tables (into a buffer of the pool; the block's own goes back),
    /// UTF-8 checked as a whole. A block that does not pass is handed on as
    /// read, and its worker reads it line by line and words each rejection.
    static func ready(_ block: Block, gb18030: Bool, pool: BufferPool) -> Block {
        if gb18030 {
            var out = pool.take(capacity: GB18030Tables.capacity(for: block.count) + FastWorker.padding)
            let converted = block.bytes.withUnsafeBufferPointer { FastWorker.transcodeGB18030($0.baseAddress!, block.count, into: &out) }
            guard let converted else {
                block.undecoded = true
                pool.give(&out)
                return block
            }
            swap(&out, &block.bytes)
            pool.give(&out)
            block.count = converted
            block.checked = true
        } else {
            block.checked = block.bytes.withUnsafeBufferPointer { ByteParsing.validUTF8($0.baseAddress!, block.count) }
        }
        return block
    }

    /// A CSV file's header: its first record that is not blank (a byte-order
    /// mark before it is dropped), read as the general reader reads it.
    static func header(_ reader: LineReader, _ lines: LineRecords, required: [[String]]) throws -> [String]? {
        var first = true
        while let (bytes, tooLong) = try reader.next() {
            let lineNo = reader.lineNumber
            var slice = bytes
            if first {
                first = false
                if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
            }
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) && !tooLong { continue }
            if tooLong { throw InputError(Message("input.csv-header-longer-than", ["path": "\(reader.path)", "lineNo": "\(lineNo)", "maxLineBytes": "\(LineReader.maxLineBytes)"])) }
            let record = try reader.csvRecordLines(startingWith: slice)
            if record.tooLong { throw InputError(Message("input.csv-header-longer-than", ["path": "\(reader.path)", "lineNo": "\(lineNo)", "maxLineBytes": "\(LineReader.maxLineBytes)"])) }
            return try lines.csvHeader(record.parts, lineNo, required: required)
        }
        return nil
    }

    /// Half a megabyte: big enough that handing a block over costs nothing
    /// against reading it, small enough that the few in flight stay small.
    static func blockSize(_ options: EvalOptions) -> Int { max(1, min(512 << 10, options.minimumPartBytes)) }

    /// A block's buffer: a block, a read and the padding (longer only for a longer record).
    static func bufferCapacity(_ options: EvalOptions) -> Int { blockSize(options) + 65536 + FastWorker.padding }

    /// Reads the rest of the input and hands out blocks of whole records.
    func cut(_ reader: LineReader, format: EventFormat, pool: BufferPool, _ emit: (Block) -> Void) throws {
        let blockSize = Self.blockSize(options)
        let capacity = Self.bufferCapacity(options)
        var buffer = pool.take(capacity: capacity)
        buffer += reader.buffer[reader.start...]
        var eof = reader.eof
        var index = 0
        var records = CSVRecordEnd()
        /// For CSV: where the next line to give `records` starts.
        var scanned = 0
        /// Bytes of an overlong line still to drop (up to its line feed).
        var skipping = false
        var chunk = [UInt8](repeating: 0, count: 65536)

        /// Sends `buffer[..<end]` as a block; the buffer goes with it, and the
        /// bytes after `end` start the next one.
        func send(_ end: Int) {
            var next = pool.take(capacity: capacity)
            next += buffer[end...]
            buffer.removeSubrange(end...)
            buffer += repeatElement(0, count: FastWorker.padding)
            let block = Block(index: index, bytes: buffer, count: end)
            buffer = next
            emit(block)
            index += 1
        }

        /// Bytes to have before cutting: a block, or more when no record ends in them yet.
        var want = blockSize
        while true {
            while !eof && buffer.count < want {
                let n = chunk.withUnsafeMutableBytes { read(reader.fd, $0.baseAddress!, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw InputError(Message("input.read-error", ["path": "\(reader.path)", "error": "\(String(cString: strerror(errno)))"]))
                }
                if n == 0 { eof = true; break }
                reader.lineEnding?.normalize(&chunk, from: 0, to: n)
                if skipping {
                    guard let nl = chunk[0..<n].firstIndex(of: 0x0A) else { continue }
                    skipping = false
                    buffer += chunk[(nl + 1)..<n]
                } else {
                    buffer += chunk[0..<n]
                }
            }
            if buffer.isEmpty && eof { return }
            var end: Int
            if eof {
                end = buffer.count
            } else if let nl = buffer.lastIndex(of: 0x0A) {
                end = nl + 1
                if format == .csv {
                    end = Self.lastRecordEnd(buffer, from: &scanned, to: end, &records)
                    // A record longer than that is split (`CSVRecordEnd` bounds it at 1000 lines).
                    if end == 0 && buffer.count < blockSize * 2 + LineReader.maxLineBytes { want = buffer.count + blockSize; continue }
                    if end == 0 { end = nl + 1; records = CSVRecordEnd() }
                }
            } else if buffer.count > LineReader.maxLineBytes {
                // An overlong line: its first bytes go on (the worker rejects it), the rest is dropped.
                buffer.removeSubrange((LineReader.maxLineBytes + 1)...)
                buffer.append(0x0A)
                send(buffer.count)
                scanned = 0
                skipping = true
                want = blockSize
                continue
            } else {
                // A line longer than a block: read on.
                want = buffer.count + blockSize
                continue
            }
            want = blockSize
            send(end)
            scanned = max(0, scanned - end)
            if eof && buffer.isEmpty { return }
        }
    }

    /// For CSV: feeds the lines of `buffer[scanned..<to]` to `records` and
    /// returns the end of the last line that ended a record (0 if none).
    /// Lines without a quote end a record unless one is open, so only lines
    /// with a quote are looked at; of those, a line that starts no record
    /// and holds an even number of quotes ends its record whatever they are
    /// (a cell left open takes an odd number, and a broken line ends its
    /// record), so only lines with an odd number are read byte by byte.
    /// Blank and overlong lines outside a record are not records, and an
    /// overlong line ends the record it is in (as the workers see them).
    static func lastRecordEnd(_ buffer: [UInt8], from scanned: inout Int, to: Int, _ records: inout CSVRecordEnd) -> Int {
        buffer.withUnsafeBufferPointer { b in
            let base = b.baseAddress!
            var lastEnd = 0
            var i = scanned
            while i < to {
                if !records.inRecord {
                    guard let q = memchr(base + i, 0x22, to - i) else { lastEnd = to; break }
                    let quote = base.distance(to: q.assumingMemoryBound(to: UInt8.self))
                    var lineStart = i
                    if let nl = lastNewline(base, from: i, before: quote) {
                        lineStart = nl + 1
                        lastEnd = lineStart
                    }
                    i = lineStart
                }
                guard let nlp = memchr(base + i, 0x0A, to - i) else { break }
                let nl = base.distance(to: nlp.assumingMemoryBound(to: UInt8.self))
                var n = nl - i
                if n > 0 && base[i + n - 1] == 0x0D { n -= 1 }
                if !records.inRecord && (n > LineReader.maxLineBytes || quotes(base + i, n) % 2 == 0) {
                    lastEnd = nl + 1
                } else if n > LineReader.maxLineBytes {
                    // An overlong line ends the record it is in, as the workers read it (`FastWorker.gather`).
                    records = CSVRecordEnd()
                    lastEnd = nl + 1
                } else if records.endsRecord(base + i, n) {
                    lastEnd = nl + 1
                }
                i = nl + 1
            }
            scanned = max(i, to)
            return lastEnd
        }
    }

    /// The last line feed in `p[s..<e]`, eight bytes at a time from the end
    /// (each flag of `SWAR.zeroBytes` is exact, so the highest is the last).
    static func lastNewline(_ p: UnsafePointer<UInt8>, from s: Int, before e: Int) -> Int? {
        let raw = UnsafeRawPointer(p)
        var j = e
        while j - 8 >= s {
            let flags = SWAR.zeroBytes(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: j - 8, as: UInt64.self)) ^ 0x0A0A_0A0A_0A0A_0A0A)
            if flags != 0 { return j - 8 + (63 - flags.leadingZeroBitCount) >> 3 }
            j -= 8
        }
        while j > s {
            j -= 1
            if p[j] == 0x0A { return j }
        }
        return nil
    }

    /// The number of quote bytes in `p[0..<n]`, eight bytes at a time.
    static func quotes(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        let raw = UnsafeRawPointer(p)
        var count = 0, i = 0
        while i + 8 <= n {
            count += SWAR.zeroBytes(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x2222_2222_2222_2222).nonzeroBitCount
            i += 8
        }
        while i < n { if p[i] == 0x22 { count += 1 }; i += 1 }
        return count
    }
}

#if os(Linux)
/// glibc's `mallopt` (its header is not part of the Glibc module).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
