/// Where a CSV record ends: the one definition, on bytes, that every reader
/// uses to gather a record's physical lines before its cells are split
/// (`CSVParser`): the file reader line by line, the stream reader to cut
/// its blocks only between records, and the workers to join a quoted cell
/// that spans lines.
///
/// It mirrors `CSVParser.split` state for state: a quote opens a cell only
/// at its start, `""` inside quotes is a quote, text after a closing quote
/// or a quote inside an unquoted cell makes the record malformed (it ends
/// with its line). A record whose quotes are open at the end of a line goes
/// on to the next, at most `EventFileReader.maxRecordLines` lines in all.
/// `"`, `,` and the line feed are single bytes in UTF-8 and GB18030 alike,
/// so the machine reads either without decoding.
struct CSVRecordEnd {
    enum State: UInt8 {
        /// At the start of a cell (nothing read, not quoted).
        case cellStart
        /// In an unquoted cell with text.
        case unquoted
        /// Inside quotes.
        case quoted
        /// Inside quotes, just after a quote: `""` or the closing quote.
        case quoteInQuotes
        /// After a closing quote.
        case closed
        /// Broken: the record ends with this line.
        case malformed
    }

    private(set) var state = State.cellStart
    /// Physical lines of the current record read so far (0 between records).
    private(set) var lines = 0

    /// Whether a record is open (a quoted cell goes on past the last line).
    var inRecord: Bool { lines > 0 }

    /// Reads one physical line (without its terminator); true when the record ends with it.
    mutating func endsRecord(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        if lines == 0 {
            state = .cellStart
            // `CSVParser` drops one byte-order mark at the start of a record.
            if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { i = 3 }
        }
        // Otherwise the record goes on inside quotes: the line feed is text of the cell.
        lines += 1
        while i < n && state != .malformed {
            let c = p[i]
            switch state {
            case .cellStart:
                if c == 0x22 { state = .quoted } else if c != 0x2C { state = .unquoted }
            case .unquoted:
                if c == 0x22 { state = .malformed } else if c == 0x2C { state = .cellStart }
            case .quoted:
                if c == 0x22 { state = .quoteInQuotes }
            case .quoteInQuotes:
                if c == 0x22 { state = .quoted } else if c == 0x2C { state = .cellStart } else { state = .malformed }
            case .closed:
                state = c == 0x2C ? .cellStart : .malformed
            case .malformed:
                break
            }
            i += 1
        }
        if state == .quoted && lines < EventFileReader.maxRecordLines { return false }
        lines = 0
        return true
    }

    /// `endsRecord` over a byte slice.
    mutating func endsRecord(_ line: ArraySlice<UInt8>) -> Bool {
        line.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return endsRecord(UnsafePointer(bitPattern: 1)!, 0) }
            return endsRecord(base, b.count)
        }
    }
}
