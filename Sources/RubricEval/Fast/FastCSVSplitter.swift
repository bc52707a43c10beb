import CMachine
#if canImport(Glibc)
import Glibc
#endif

/// Splits a CSV row into the spans of the declared fields' cells, 32
/// bytes at a time: each window's commas, quotes and NUL bytes are flagged
/// at once (`rubric_csv_marks32`, vector compares), and only flagged bytes
/// are visited. A quoted cell (as Excel writes a note with a comma) spans
/// its inside; one with doubled quotes is marked `escaped`. Returns false
/// for a row it does not handle simply (a quoted cell that does not close
/// on the line or has text after its closing quote, a quote inside an
/// unquoted cell, a NUL, which rejects the whole line, the wrong number of
/// cells); the general path reads that row. The row is valid UTF-8 (the
/// caller checks it whole). (Other bytes are the cells' own: control
/// characters are text to both paths, and a value's checks refuse what
/// does not parse.)
///
/// Reads up to 31 bytes past the end of the row (the caller's padding).
struct FastCSVSplitter {
    /// The memory of a splitter: the declared field of each column.
    final class Storage {
        let columns: UnsafeMutablePointer<Int32>
        let count: Int

        /// `columns`: the field index of each header cell, -1 for a column of no declared field.
        init(columns: [Int]) {
            count = columns.count
            self.columns = .allocate(capacity: max(count, 1))
            self.columns.initialize(from: columns.map { Int32($0) }, count: count)
        }

        deinit { columns.deallocate() }
    }

    let columns: UnsafeMutablePointer<Int32>
    let count: Int

    init(_ s: Storage) {
        (columns, count) = (s.columns, s.count)
    }

    func split(_ p: UnsafePointer<UInt8>, _ n: Int, into r: inout FastRecord) -> Bool {
        r.reset()
        var col = 0, start = 0, i = 0
        while i < n {
            var flags = rubric_csv_marks32(p + i)
            if n - i < 32 { flags &= (UInt32(1) << UInt32(n - i)) &- 1 }
            var jumped = false
            while flags != 0 {
                let j = i + flags.trailingZeroBitCount
                flags &= flags &- 1
                let c = p[j]
                if c == UInt8(ascii: "\""), j == start {
                    // A quoted cell: to its closing quote, which a comma or the end must follow.
                    guard let close = Self.closingQuote(p, j + 1, n) else { return false }
                    let after = close.end + 1
                    guard after == n || p[after] == UInt8(ascii: ","), cell(j + 1, close.end, col, &r, escaped: close.escaped) else { return false }
                    if after == n { return col + 1 == count }
                    col += 1
                    start = after + 1
                    // Go on from the next cell's first byte.
                    i = start
                    jumped = true
                    break
                }
                // A quote inside an unquoted cell, or a NUL: the general path.
                guard c == UInt8(ascii: ","), cell(start, j, col, &r) else { return false }
                col += 1
                start = j + 1
            }
            if !jumped { i += 32 }
        }
        return cell(start, n, col, &r) && col + 1 == count
    }

    /// The closing quote of a quoted cell whose inside starts at `s` (a
    /// doubled quote is a quote of the text), and whether it had doubled
    /// quotes; nil when it does not close on the line or holds a NUL.
    @inline(__always)
    static func closingQuote(_ p: UnsafePointer<UInt8>, _ s: Int, _ n: Int) -> (end: Int, escaped: Bool)? {
        var i = s
        var escaped = false
        while i < n {
            guard let q = memchr(p + i, 0x22, n - i) else { return nil }
            let j = p.distance(to: q.assumingMemoryBound(to: UInt8.self))
            if j + 1 < n && p[j + 1] == 0x22 {
                escaped = true
                i = j + 2
                continue
            }
            guard memchr(p + s, 0, j - s) == nil else { return nil }
            return (j, escaped)
        }
        return nil
    }

    /// Cell `col` at `p[s..<e]`.
    @inline(__always)
    func cell(_ s: Int, _ e: Int, _ col: Int, _ r: inout FastRecord, escaped: Bool = false) -> Bool {
        guard col < count else { return false }
        let f = Int(columns[col])
        if f >= 0, e > s {
            r.set(f, s, e, .text)
            if escaped { r.escaped |= UInt64(1) << UInt64(f) }
        }
        return true
    }
}
