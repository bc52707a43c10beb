/// Scans one JSON Lines record without building strings: finds each
/// declared field's value span. Returns false on anything it does not
/// handle simply (escapes, nested values, duplicate keys, a syntax error,
/// more than 64 fields); the caller then takes the general path, which
/// gives the exact message.
struct FastJSONScanner {
    let fields: ByteTable

    @inline(__always)
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }

    func scan(_ p: UnsafePointer<UInt8>, _ n: Int, into r: inout FastRecord) -> Bool {
        r.reset()
        var i = 0
        while i < n, Self.isSpace(p[i]) { i += 1 }
        guard i < n, p[i] == UInt8(ascii: "{") else { return false }
        i += 1
        while i < n, Self.isSpace(p[i]) { i += 1 }
        if i < n, p[i] == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                guard i < n, p[i] == UInt8(ascii: "\"") else { return false }
                let ks = i + 1
                guard let ke = stringEnd(p, n, ks) else { return false }
                i = ke + 1
                while i < n, Self.isSpace(p[i]) { i += 1 }
                guard i < n, p[i] == UInt8(ascii: ":") else { return false }
                i += 1
                while i < n, Self.isSpace(p[i]) { i += 1 }
                guard i < n else { return false }
                let vs: Int, ve: Int, kind: FastRecord.Kind
                switch p[i] {
                case UInt8(ascii: "\""):
                    guard let e = stringEnd(p, n, i + 1) else { return false }
                    (vs, ve, kind) = (i + 1, e, .text)
                    i = e + 1
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    guard let e = numberEnd(p, n, i) else { return false }
                    (vs, ve, kind) = (i, e, .number)
                    i = e
                case UInt8(ascii: "t"):
                    guard literal(p, n, i, "true") else { return false }
                    (vs, ve, kind) = (i, i + 4, .bool)
                    i += 4
                case UInt8(ascii: "f"):
                    guard literal(p, n, i, "false") else { return false }
                    (vs, ve, kind) = (i, i + 5, .bool)
                    i += 5
                case UInt8(ascii: "n"):
                    guard literal(p, n, i, "null") else { return false }
                    (vs, ve, kind) = (i, i + 4, .null)
                    i += 4
                default:
                    return false  // nested object or array, or broken
                }
                if let f = fields.lookup(p + ks, ke - ks) {
                    let bit = UInt64(1) << UInt64(f)
                    if r.present & bit != 0 { return false }
                    r.present |= bit
                    r.start[Int(f)] = Int32(vs)
                    r.end[Int(f)] = Int32(ve)
                    r.kind[Int(f)] = kind
                } else {
                    for (a, b) in r.unknownKeys where b - a == Int32(ke - ks) && memcmp(p + Int(a), p + ks, ke - ks) == 0 { return false }
                    r.unknownKeys.append((Int32(ks), Int32(ke)))
                }
                while i < n, Self.isSpace(p[i]) { i += 1 }
                guard i < n else { return false }
                if p[i] == UInt8(ascii: ",") {
                    i += 1
                    while i < n, Self.isSpace(p[i]) { i += 1 }
                    continue
                }
                guard p[i] == UInt8(ascii: "}") else { return false }
                i += 1
                break
            }
        }
        while i < n, Self.isSpace(p[i]) { i += 1 }
        return i == n
    }

    /// The index of the closing quote of a string starting at `s`; nil for
    /// escapes or control characters (the general path handles those).
    @inline(__always)
    func stringEnd(_ p: UnsafePointer<UInt8>, _ n: Int, _ s: Int) -> Int? {
        var i = s
        // Eight bytes at a time while none is a quote, a backslash or a control character.
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            if SWAR.hasZero(w ^ 0x2222_2222_2222_2222) | SWAR.hasZero(w ^ 0x5C5C_5C5C_5C5C_5C5C) | SWAR.hasLess(w, 0x20) != 0 { break }
            i += 8
        }
        while i < n {
            let c = p[i]
            if c == UInt8(ascii: "\"") { return i }
            if c == UInt8(ascii: "\\") || c < 0x20 { return nil }
            i += 1
        }
        return nil
    }

    /// JSON number grammar; the end index.
    @inline(__always)
    func numberEnd(_ p: UnsafePointer<UInt8>, _ n: Int, _ s: Int) -> Int? {
        var i = s
        if p[i] == UInt8(ascii: "-") { i += 1 }
        guard i < n, p[i] >= 0x30, p[i] <= 0x39 else { return nil }
        if p[i] == 0x30 { i += 1 } else { while i < n, p[i] >= 0x30, p[i] <= 0x39 { i += 1 } }
        if i < n, p[i] == UInt8(ascii: ".") {
            i += 1
            let d = i
            while i < n, p[i] >= 0x30, p[i] <= 0x39 { i += 1 }
            if i == d { return nil }
        }
        if i < n, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") { return nil }
        return i - s > 40 ? nil : i
    }

    @inline(__always)
    func literal(_ p: UnsafePointer<UInt8>, _ n: Int, _ s: Int, _ word: StaticString) -> Bool {
        let len = word.utf8CodeUnitCount
        guard s + len <= n else { return false }
        return memcmp(p + s, word.utf8Start, len) == 0
    }
}

/// Byte tests on eight bytes at once ("SIMD within a register").
enum SWAR {
    /// Non-zero when some byte of `v` is zero.
    @inline(__always)
    static func hasZero(_ v: UInt64) -> UInt64 { (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080 }

    /// Non-zero when some byte of `v` may be below `n` (n <= 128; false positives only fall back to bytewise checks).
    @inline(__always)
    static func hasLess(_ v: UInt64, _ n: UInt8) -> UInt64 { (v &- 0x0101_0101_0101_0101 &* UInt64(n)) & ~v & 0x8080_8080_8080_8080 }
}

#if canImport(Glibc)
import Glibc
#endif
