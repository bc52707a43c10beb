#if canImport(Glibc)
import Glibc
#endif
import RubricSyntax

extension FastWorker {
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
        accounting.read += 1
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

    /// The gathered CSV record, read the general way.
    mutating func finishRecord() {
        guard let header = csvHeader else { return }
        if recordTooLong {
            reject(lines.tooLongInRecord(recordLine))
        } else {
            handle((rawLines ?? lines).csvRecord(recordParts, recordLine, header: header), recordLine)
        }
        recordParts = []
        recordTooLong = false
    }

    /// Where a unit was first seen, as `WorkerResult.merge` orders units: block, then line.
    mutating func noteFirstSeen(_ name: String, _ lineNo: Int) {
        firstSeen.append((Int64(block) << 32 | Int64(lineNo), name))
    }

    mutating func reject(_ r: Reject) {
        rejects.append(r)
        rejectBlocks.append(block)
        accounting.rejected += 1
    }

    /// Validates and scores a record the general way, as `Evaluator` does.
    mutating func handle(_ item: SourceItem, _ lineNo: Int) {
        switch item {
        case .broken(let r): reject(r)
        case .record(let rec, let text):
            let before = slow.accounting
            let units = slow.unitNames.count
            if let r = evaluator.process(rec, text: text, file: fileIndex, path: path, typedText: csvHeader == nil, scorer: &scorer, acc: &slow) {
                reject(r)
            } else {
                accounting.scored += slow.accounting.scored - before.scored
                accounting.afterAsOf += slow.accounting.afterAsOf - before.afterAsOf
                for name in slow.unitNames[units...] { noteFirstSeen(name, lineNo) }
            }
        }
    }
}
