#if canImport(Glibc)
import Glibc
#endif
import RubricSyntax

extension FastWorker {
    /// Whole lines as read from the input (`p[0..<count]`, padded, ending
    /// with a line feed or at the input's end), numbered from `after + 1`;
    /// returns how many. GB18030 (`gb18030`: a converter of this worker's
    /// own) is transcoded here a quarter megabyte at a time, so that what
    /// the tables write is still in the cache when its lines are read
    /// (`transcodeGB18030`). The parts of a file are read through here.
    mutating func lines(_ p: UnsafePointer<UInt8>, _ count: Int, after: Int, gb18030: LineRecords?, transcoded: inout [UInt8]) -> Int {
        guard gb18030 != nil else { return lines(p, count, after: after, checked: false, undecoded: nil) }
        let piece = 256 << 10
        if count > piece, let nl = StreamReader.lastNewline(p, from: 0, before: piece) {
            let first = lines(p, nl + 1, after: after, gb18030: gb18030, transcoded: &transcoded)
            return first + lines(p + nl + 1, count - nl - 1, after: after + first, gb18030: gb18030, transcoded: &transcoded)
        }
        guard let converted = Self.transcodeGB18030(p, count, into: &transcoded) else {
            return lines(p, count, after: after, checked: false, undecoded: gb18030)
        }
        return transcoded.withUnsafeBufferPointer { lines($0.baseAddress!, converted, after: after, checked: true, undecoded: nil) }
    }

    /// Whole lines in UTF-8 (`p[0..<count]`, padded, ending with a line feed
    /// or at the input's end), numbered from `after + 1`; returns how many.
    /// `checked`: the run is valid UTF-8 as a whole, so its lines are not
    /// checked again. `undecoded`: the run is GB18030 the shared tables
    /// could not map, decoded line by line the general way with this
    /// converter. The stream reader's blocks come here ready.
    mutating func lines(_ p: UnsafePointer<UInt8>, _ count: Int, after: Int, checked: Bool, undecoded: LineRecords?) -> Int {
        rawLines = undecoded
        // Checked whole (the validator is fastest on long runs); a run that fails has each line checked.
        validUTF8 = checked || (undecoded == nil && ByteParsing.validUTF8(p, count))
        return LineSplitter.split(p, count, after: after, final: true) { line($0, $1, $2) }.lines
    }

    /// GB18030 (stateless, its line feed a byte of its own, so a run of
    /// lines transcodes to its lines' transcodings) as UTF-8 at the start
    /// of `output`, zero-padded for the workers, and its length; nil when
    /// the shared tables do not map it. What the tables write is UTF-8 by
    /// construction (its text needs no check).
    static func transcodeGB18030(_ p: UnsafePointer<UInt8>, _ count: Int, into output: inout [UInt8]) -> Int? {
        guard let converted = GB18030Tables.shared?.transcode(UnsafeRawBufferPointer(start: p, count: count), into: &output) else { return nil }
        let padded = converted + padding
        if output.count < padded { output += repeatElement(0, count: padded - output.count) }
        output.withUnsafeMutableBufferPointer { $0.baseAddress!.advanced(by: converted).update(repeating: 0, count: padding) }
        return converted
    }

    /// One physical line (without its terminator), numbered within its part
    /// or block; `padding` bytes after it must be readable. A simple, valid
    /// line is scored in place; a CSV record with a quote is gathered as
    /// `CSVRecordEnd` says (it may span lines); any other line takes the
    /// general path, which words its rejection.
    mutating func line(_ p: UnsafePointer<UInt8>, _ n: Int, _ lineNo: Int) {
        if csv != nil && csvEnd.inRecord {
            gather(p, n)
            return
        }
        var allBlank = true
        for i in 0..<n where p[i] != 0x20 && p[i] != 0x09 { allBlank = false; break }
        if allBlank { return }
        scorer.accounting.read += 1
        if n > LineReader.maxLineBytes {
            reject(lines.tooLong(Array(UnsafeBufferPointer(start: p, count: min(n, 200)))[...], lineNo))
            return
        }
        if rawLines == nil && fast(p, n, lineNo) { return }
        // A line scored the fast way was one whole record: a line with a quote left over may open a
        // record that spans lines, or be broken; `CSVRecordEnd` and the general path read it.
        if csv != nil, memchr(p, Int32(UInt8(ascii: "\"")), n) != nil {
            recordLine = lineNo
            gather(p, n)
            return
        }
        let slice = Array(UnsafeBufferPointer(start: p, count: n))[...]
        switch (rawLines ?? lines).text(slice, lineNo) {
        case .failure(let r): reject(r)
        case .success(let text):
            handle(csvHeader.map { lines.csvItem(text, lineNo, header: $0) } ?? lines.jsonItem(text, lineNo), lineNo)
        }
    }

    /// The end of a part or block: a CSV record still open (at the end of
    /// the input) is rejected as never closed.
    mutating func endOfBlock() {
        if csvEnd.inRecord {
            csvEnd = CSVRecordEnd()
            finishRecord()
        }
    }

    /// Adds a line to the CSV record being gathered; reads the record once it ends.
    /// An overlong line ends the record, which is rejected whole (as
    /// `LineReader.csvRecordLines` does).
    mutating func gather(_ p: UnsafePointer<UInt8>, _ n: Int) {
        if n > LineReader.maxLineBytes && csvEnd.inRecord {
            recordTooLong = true
            csvEnd = CSVRecordEnd()
            finishRecord()
            return
        }
        recordParts.append(ArraySlice(UnsafeBufferPointer(start: p, count: n)))
        if csvEnd.endsRecord(p, n) { finishRecord() }
    }

    /// The gathered CSV record: scored in place if it is simple and valid
    /// (a note with a line break), else read the general way.
    mutating func finishRecord() {
        guard let header = csvHeader else { return }
        if !recordTooLong && rawLines == nil && recordParts.count > 1 && fastJoined() {
            recordParts = []
            return
        }
        if recordTooLong {
            reject(lines.tooLongInRecord(recordLine))
        } else {
            let items = (rawLines ?? lines).csvRecord(recordParts, recordLine, header: header)
            scorer.accounting.read += items.count - 1  // the lines of a quoted cell never closed, each rejected
            for (k, item) in items.enumerated() { handle(item, recordLine + k) }
        }
        recordParts = []
        recordTooLong = false
    }

    /// The gathered record's lines joined by line feeds, read by the byte
    /// reader as one line (a quoted cell may hold line feeds); false sends
    /// it to the general reader.
    mutating func fastJoined() -> Bool {
        let scratch = scratch
        scratch.joined.removeAll(keepingCapacity: true)
        for (k, part) in recordParts.enumerated() {
            if k > 0 { scratch.joined.append(0x0A) }
            scratch.joined += part
        }
        let n = scratch.joined.count
        scratch.joined += repeatElement(0, count: FastWorker.padding)
        return scratch.joined.withUnsafeBufferPointer { fast($0.baseAddress!, n, recordLine) }
    }

    /// Where a unit was first seen, as `WorkerResult.merge` orders units: block, then line.
    mutating func noteFirstSeen(_ name: String, _ lineNo: Int) {
        scorer.firstSeen.append((position(lineNo), name))
    }

    func position(_ lineNo: Int) -> Int64 { Int64(block) << 32 | Int64(lineNo) }

    mutating func reject(_ r: Reject) {
        rejects.append(r)
        rejectBlocks.append(block)
        scorer.accounting.rejected += 1
    }

    /// Validates and scores a record the general way, as `Evaluator` does.
    /// The activation then holds the record's fields, and the scorer may
    /// have entered another day: the byte reader's caches of both are reset.
    mutating func handle(_ item: SourceItem, _ lineNo: Int) {
        switch item {
        case .broken(let r): reject(r)
        case .record(let rec, let text):
            if let r = evaluator.process(rec, text: text, file: fileIndex, path: path, typedText: csvHeader == nil,
                                         position: position(lineNo), scorer: &scorer) {
                reject(r)
            }
            let slots = scorer.activation.slots.count
            materialized = slots >= 64 ? ~0 : (UInt64(1) << UInt64(slots)) - 1
            dayVersion = nil
        }
    }
}
