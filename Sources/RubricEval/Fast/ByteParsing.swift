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

    /// The high bit of every byte of `v` below `n` (n <= 128), and of no
    /// other: exact, as `zeroBytes` (a byte's low seven bits plus 128 - n
    /// cannot carry into the next byte).
    @inline(__always)
    static func bytesBelow(_ v: UInt64, _ n: UInt8) -> UInt64 {
        ~(((v & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x0101_0101_0101_0101 &* UInt64(128 - n)) | v) & 0x8080_8080_8080_8080
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

    /// Whether the bytes are valid UTF-8 (ASCII runs are checked eight bytes
    /// at a time). Reads up to 7 bytes past the end (the caller's padding).
    @inline(__always)
    static func validUTF8(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let raw = UnsafeRawPointer(p)
        if n <= 8 {
            // One word, the bytes past the end masked off.
            let w = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            if n == 0 || w & (UInt64.max >> UInt64(64 - 8 * n)) & 0x8080_8080_8080_8080 == 0 { return true }
        }
        var i = 0
        while i < n {
            // Past the ASCII bytes before the first with its high bit set, a word at a time
            // (the bytes past the end masked off).
            var high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) & 0x8080_8080_8080_8080
            if n - i < 8 { high &= UInt64.max >> UInt64(64 - 8 * (n - i)) }
            if high == 0 { i += 8; continue }
            i += high.trailingZeroBitCount >> 3
            let c = p[i]
            if c & 0xF0 == 0xE0 {
                // Three bytes, as every CJK character. A run of them is checked two at a
                // time: both patterns in one masked compare of a word, then the two lead
                // bytes that allow fewer second bytes (E0, ED) are left to the test below.
                let start = i
                while i + 6 <= n {
                    let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    guard w & 0x0000_C0C0_F0C0_C0F0 == 0x0000_8080_E080_80E0 else { break }
                    let lead0 = UInt8(truncatingIfNeeded: w), lead1 = UInt8(truncatingIfNeeded: w >> 24)
                    guard lead0 != 0xE0, lead0 != 0xED, lead1 != 0xE0, lead1 != 0xED else { break }
                    i += 6
                }
                if i != start { continue }
                guard i + 2 < n else { return false }
                let b1 = p[i + 1], b2 = p[i + 2]
                guard (b1 & 0xC0) == 0x80, (b2 & 0xC0) == 0x80, c != 0xE0 || b1 >= 0xA0, c != 0xED || b1 <= 0x9F else { return false }
                i += 3
                continue
            }
            let need: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return false
            }
            guard i + need < n else { return false }
            let b1 = p[i + 1]
            guard b1 >= lo && b1 <= hi else { return false }
            for k in 2...max(2, need) where k <= need {
                guard p[i + k] >= 0x80 && p[i + k] <= 0xBF else { return false }
            }
            i += need + 1
        }
        return true
    }
}
