/// Scans one JSON Lines record without building strings: finds each
/// declared field's value span. A string value may hold the simple escapes
/// (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, as JSON writers put
/// quotes and line breaks in notes): its field is marked `escaped`, and
/// the scorer reads such a value only where its bytes need not be decoded.
/// Returns false on anything it does not handle simply (`\u` escapes,
/// escapes in keys, nested values, duplicate keys, a syntax error, more
/// than 64 fields); the caller then takes the general path, which gives
/// the exact message. The line is valid UTF-8 (the caller checks it whole).
///
/// Reads up to `FastWorker.padding` bytes past the end of the line (never
/// using them): the caller guarantees they are readable.
struct FastJSONScanner {
    let fields: ByteTable.View
    let keys: KeyPredictor

    @inline(__always)
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }

    @inline(__always)
    static func skipSpaces(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: inout Int) {
        while i < n, isSpace(p[i]) { i += 1 }
    }

    func scan(_ p: UnsafePointer<UInt8>, _ n: Int, into r: inout FastRecord) -> Bool {
        r.reset()
        var i = 0
        Self.skipSpaces(p, n, &i)
        guard i < n, p[i] == UInt8(ascii: "{") else { return false }
        i += 1
        Self.skipSpaces(p, n, &i)
        if i < n, p[i] == UInt8(ascii: "}") {
            i += 1
            Self.skipSpaces(p, n, &i)
            return i == n
        }
        var previous: Int32 = -1
        while true {
            guard i < n, p[i] == UInt8(ascii: "\"") else { return false }
            let ks = i + 1
            let ke: Int, field: Int32
            if let g = keys.guess(after: previous, p, ks, n) {
                (ke, field) = (ks + keys.length[g] - 1, Int32(g))
            } else {
                guard let e = Self.stringEnd(p, n, ks) else { return false }
                (ke, field) = (e, fields.lookup(p + ks, e - ks) ?? -1)
                keys.learn(after: previous, field)
            }
            i = ke + 1
            Self.skipSpaces(p, n, &i)
            guard i < n, p[i] == UInt8(ascii: ":") else { return false }
            i += 1
            Self.skipSpaces(p, n, &i)
            guard i < n else { return false }
            let vs: Int, ve: Int, kind: FastRecord.Kind
            var escaped = false
            switch p[i] {
            case UInt8(ascii: "\""):
                guard let (e, esc) = Self.valueStringEnd(p, n, i + 1) else { return false }
                (vs, ve, kind) = (i + 1, e, .text)
                escaped = esc
                i = e + 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard let e = Self.numberEnd(p, n, i) else { return false }
                (vs, ve, kind) = (i, e, .number)
                i = e
            case UInt8(ascii: "t"):
                guard Self.literal(p, n, i, "true") else { return false }
                (vs, ve, kind) = (i, i + 4, .bool)
                i += 4
            case UInt8(ascii: "f"):
                guard Self.literal(p, n, i, "false") else { return false }
                (vs, ve, kind) = (i, i + 5, .bool)
                i += 5
            case UInt8(ascii: "n"):
                guard Self.literal(p, n, i, "null") else { return false }
                (vs, ve, kind) = (i, i + 4, .null)
                i += 4
            default:
                return false  // nested object or array, or broken
            }
            if field >= 0 {
                if r.present & (UInt64(1) << UInt64(field)) != 0 { return false }
                r.set(Int(field), vs, ve, kind)
                if escaped { r.escaped |= UInt64(1) << UInt64(field) }
                previous = field
            } else {
                guard unknown(p, ks, ke, vs, ve, kind, &r) else { return false }
                previous = keys.afterUnknown
            }
            if i < n, p[i] == UInt8(ascii: ",") {
                i += 1
                Self.skipSpaces(p, n, &i)
                continue
            }
            Self.skipSpaces(p, n, &i)
            guard i < n else { return false }
            if p[i] == UInt8(ascii: ",") {
                i += 1
                Self.skipSpaces(p, n, &i)
                continue
            }
            guard p[i] == UInt8(ascii: "}") else { return false }
            i += 1
            Self.skipSpaces(p, n, &i)
            return i == n
        }
    }

    /// A key that is no declared field: remembered (to catch a duplicate).
    func unknown(_ p: UnsafePointer<UInt8>, _ ks: Int, _ ke: Int, _ vs: Int, _ ve: Int, _ kind: FastRecord.Kind,
                 _ r: inout FastRecord) -> Bool {
        guard r.unknownCount < FastRecord.maxUnknownKeys else { return false }
        for k in 0..<r.unknownCount {
            let (a, b) = r.unknown[k]
            if Int(b - a) == ke - ks && memcmp(p + Int(a), p + ks, ke - ks) == 0 { return false }
        }
        r.unknown[r.unknownCount] = (Int32(truncatingIfNeeded: ks), Int32(truncatingIfNeeded: ke))
        r.unknownCount += 1
        return true
    }

    /// The index of the closing quote of a string starting at `s`; nil for
    /// escapes, control characters or a missing quote (the general path
    /// handles those). Eight bytes at a time: the lowest flagged byte of a
    /// word is the first quote, backslash or control character.
    @inline(__always)
    static func stringEnd(_ p: UnsafePointer<UInt8>, _ n: Int, _ s: Int) -> Int? {
        var i = s
        let raw = UnsafeRawPointer(p)
        while i < n {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let m = SWAR.hasZero(w ^ 0x2222_2222_2222_2222) | SWAR.hasZero(w ^ 0x5C5C_5C5C_5C5C_5C5C) | SWAR.hasLess(w, 0x20)
            if m != 0 {
                let j = i + m.trailingZeroBitCount >> 3
                return j < n && p[j] == UInt8(ascii: "\"") ? j : nil
            }
            i += 8
        }
        return nil
    }

    /// The index of the closing quote of a string value starting at `s`, and
    /// whether it has escapes; nil for a `\u` or unknown escape, a control
    /// character or a missing quote (the general path handles those).
    @inline(__always)
    static func valueStringEnd(_ p: UnsafePointer<UInt8>, _ n: Int, _ s: Int) -> (Int, Bool)? {
        var i = s
        var escaped = false
        let raw = UnsafeRawPointer(p)
        while i < n {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let m = SWAR.hasZero(w ^ 0x2222_2222_2222_2222) | SWAR.hasZero(w ^ 0x5C5C_5C5C_5C5C_5C5C) | SWAR.hasLess(w, 0x20)
            if m == 0 { i += 8; continue }
            let j = i + m.trailingZeroBitCount >> 3
            guard j < n else { return nil }
            if p[j] == UInt8(ascii: "\"") { return (j, escaped) }
            guard p[j] == UInt8(ascii: "\\"), j + 1 < n else { return nil }
            switch p[j + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                 UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                escaped = true
                i = j + 2
            default:
                return nil
            }
        }
        return nil
    }

    /// JSON number grammar (no exponent: the general path reads those); the end index.
    @inline(__always)
    static func numberEnd(_ p: UnsafePointer<UInt8>, _ n: Int, _ s: Int) -> Int? {
        var i = s
        if p[i] == UInt8(ascii: "-") { i += 1 }
        guard i < n, p[i] &- 0x30 < 10 else { return nil }
        if p[i] == 0x30 { i += 1 } else { while i < n, p[i] &- 0x30 < 10 { i += 1 } }
        if i < n, p[i] == UInt8(ascii: ".") {
            i += 1
            let d = i
            while i < n, p[i] &- 0x30 < 10 { i += 1 }
            if i == d { return nil }
        }
        if i < n, p[i] | 0x20 == UInt8(ascii: "e") { return nil }
        return i - s > 40 ? nil : i
    }

    @inline(__always)
    static func literal(_ p: UnsafePointer<UInt8>, _ n: Int, _ s: Int, _ word: StaticString) -> Bool {
        let len = word.utf8CodeUnitCount
        guard s + len <= n else { return false }
        return memcmp(p + s, word.utf8Start, len) == 0
    }
}

#if canImport(Glibc)
import Glibc
#endif
