import CUTF8
import RubricSyntax

/// Byte tests on eight bytes at once ("SIMD within a register").
enum SWAR {
    /// Non-zero when some byte of `v` is zero; the lowest flagged byte is exact.
    @inline(__always)
    static func hasZero(_ v: UInt64) -> UInt64 { (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080 }

    /// The high bit of every byte of `v` that is zero, and of no other (no
    /// carries between bytes, so every flag is exact).
    @inline(__always)
    static func zeroBytes(_ v: UInt64) -> UInt64 {
        ~(((v & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | v | 0x7F7F_7F7F_7F7F_7F7F)
    }

    /// Non-zero when some byte of `v` is below `n` (n <= 128); the lowest
    /// flagged byte is exact (a borrow can only flag bytes above it).
    @inline(__always)
    static func hasLess(_ v: UInt64, _ n: UInt8) -> UInt64 { (v &- 0x0101_0101_0101_0101 &* UInt64(n)) & ~v & 0x8080_8080_8080_8080 }
}

/// The fast path's parsers of values in place: dates and UTF-8 (numbers
/// go through `Fixed(parsing:)`, the conversion every reader shares).
enum ByteParsing {
    /// `YYYY-MM-DD`, checked (the span is ten bytes).
    @inline(__always)
    static func day(_ p: UnsafePointer<UInt8>) -> Day? {
        guard p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-") else { return nil }
        @inline(__always) func digits(_ s: Int, _ e: Int) -> Int? {
            var v = 0
            for i in s..<e {
                let c = p[i] &- 48
                guard c < 10 else { return nil }
                v = v * 10 + Int(c)
            }
            return v
        }
        guard let y = digits(0, 4), let m = digits(5, 7), let d = digits(8, 10),
              y >= 1, m >= 1, m <= 12, d >= 1, d <= Day.daysIn(year: y, month: m) else { return nil }
        return Day(year: y, month: m, day: d)
    }

    /// Whether the bytes are valid UTF-8: simdjson's validator (`CUTF8`),
    /// vector instructions picked for the processor at run time.
    @inline(__always)
    static func validUTF8(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        rubric_valid_utf8(p, n)
    }
}
