#if canImport(Glibc)
import Glibc
#endif

/// Physical lines of bytes in memory, for the workers: a line ends at a
/// line feed, and a carriage return before it is not part of the line (the
/// general reader's `LineReader` splits the same way).
enum LineSplitter {
    /// Calls `body` with each line of `base[0..<count]` (terminators removed)
    /// numbered from `after + 1`. Bytes after the last line feed are a line
    /// only when `final` (the end of the input); otherwise they are left for
    /// the next call. Returns the number of lines and of bytes used.
    @inline(__always)
    static func split(_ base: UnsafePointer<UInt8>, _ count: Int, after: Int, final: Bool,
                      _ body: (UnsafePointer<UInt8>, Int, Int) -> Void) -> (lines: Int, used: Int) {
        var start = 0, line = after
        while start < count {
            let nl: Int
            if let p = memchr(base + start, 0x0A, count - start) {
                nl = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
            } else if final {
                nl = count
            } else {
                break
            }
            line += 1
            var n = nl - start
            if n > 0 && base[start + n - 1] == 0x0D { n -= 1 }
            body(base + start, n, line)
            start = min(nl + 1, count)
        }
        return (line - after, start)
    }
}
