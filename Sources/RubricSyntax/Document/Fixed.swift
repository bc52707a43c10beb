/// An exact decimal number with six fractional digits, stored as an
/// integer count of millionths. All points, caps, maxima and totals are
/// `Fixed`: half points and means never drift the way binary floating
/// point does. Arithmetic that would overflow reports it instead of trapping.
public struct Fixed: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public static let scale: Int64 = 1_000_000
    public static let digits = 6
    public static let zero = Fixed(raw: 0)

    /// The value times 10^6.
    public var raw: Int64

    public init(raw: Int64) { self.raw = raw }

    public init?(_ integer: Int64) {
        let (v, o) = integer.multipliedReportingOverflow(by: Fixed.scale)
        if o { return nil }
        raw = v
    }

    /// Converts a double (a CEL expression's result), rounding to six
    /// decimals half away from zero; nil when not finite or too large.
    public init?(double d: Double) {
        guard d.isFinite else { return nil }
        let scaled = (d * Double(Fixed.scale)).rounded(.toNearestOrAwayFromZero)
        guard abs(scaled) < 9.2e18 else { return nil }
        raw = Int64(scaled)
    }

    /// Whether an expression, which computes with doubles (CEL), sees this
    /// value exactly: it comes back from its double (`doubleValue`, then
    /// `init(double:)`, the conversions every engine and the SQL share)
    /// unchanged. True for every value below 2^51 micro-points (about
    /// 2.25 × 10^9); beyond, for most values, not all.
    public var isExactAsDouble: Bool { raw.magnitude < UInt64(1) << 51 || Fixed(double: doubleValue) == self }

    /// Parses decimal text (`-2`, `1.5`, `+0.25`, `1e2`); nil for anything
    /// else, for more than six fractional digits, or out of range.
    public init?(parsing text: String) {
        var text = text
        guard let f = text.withUTF8({ Fixed(parsing: $0) }) else { return nil }
        self = f
    }

    /// Parses decimal bytes: the one number conversion of every reader (a
    /// CSV cell, a JSON number, a rules file's value). An optional sign,
    /// ASCII digits with at most one `.`, an optional exponent `e`/`E` below
    /// 30 in magnitude; at most six fractional digits once trailing zeros
    /// are dropped; nil for anything else or out of range (never a trap).
    public init?(parsing bytes: UnsafeBufferPointer<UInt8>) {
        // The usual field (`2`, `95.5`) by the short way; the same number either way (a property test).
        if let short = Fixed.short(bytes) { self = short; return }
        guard let f = Fixed.general(bytes) else { return nil }
        self = f
    }

    /// The number of up to 12 bytes of digits with at most one `.` and at
    /// most six digits after it (which cannot overflow); nil for any other
    /// text, which `general` reads. The byte reader parses every numeric
    /// field of every line: byte by byte with signs and exponents in view,
    /// that cost a twentieth of a CSV run.
    @inline(__always)
    static func short(_ bytes: UnsafeBufferPointer<UInt8>) -> Fixed? {
        let n = bytes.count
        guard n > 0, n <= 12 else { return nil }
        var magnitude: Int64 = 0
        var dot = -1
        for i in 0..<n {
            let c = bytes[i]
            if c == UInt8(ascii: "."), dot < 0 { dot = i; continue }
            let d = c &- 48
            guard d < 10 else { return nil }
            magnitude = magnitude &* 10 &+ Int64(d)
        }
        let fraction = dot < 0 ? 0 : n - 1 - dot
        guard fraction <= Fixed.digits, n > (dot < 0 ? 0 : 1) else { return nil }
        return Fixed(raw: magnitude &* Fixed.powersOfTen[Fixed.digits - fraction])
    }

    @usableFromInline static let powersOfTen: [Int64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    /// Any decimal text `init(parsing:)` accepts, byte by byte.
    static func general(_ bytes: UnsafeBufferPointer<UInt8>) -> Fixed? {
        let n = bytes.count
        var i = 0
        var negative = false
        if n > 0 && (bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+")) { negative = bytes[0] == UInt8(ascii: "-"); i = 1 }
        var magnitude: UInt64 = 0
        var anyDigit = false, seenDot = false
        var fraction = 0, pendingZeros = 0
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: ".") {
                guard !seenDot else { return nil }
                seenDot = true
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                break
            } else {
                let d = c &- 48
                guard d < 10 else { return nil }
                anyDigit = true
                if seenDot {
                    fraction += 1
                    // Zeros after the point count only when a digit follows them.
                    if d == 0 { pendingZeros += 1; i += 1; continue }
                }
                for _ in 0..<pendingZeros { guard let m = Fixed.times10(magnitude) else { return nil }; magnitude = m }
                pendingZeros = 0
                guard let m = Fixed.times10(magnitude) else { return nil }
                let (sum, o) = m.addingReportingOverflow(UInt64(d))
                guard !o else { return nil }
                magnitude = sum
            }
            i += 1
        }
        guard anyDigit else { return nil }
        var exponent = 0
        if i < n {
            // At `e`: a signed whole number below 30 in magnitude.
            i += 1
            var expNegative = false
            if i < n && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) { expNegative = bytes[i] == UInt8(ascii: "-"); i += 1 }
            guard i < n else { return nil }
            while i < n {
                let d = bytes[i] &- 48
                guard d < 10 else { return nil }
                exponent = min(exponent * 10 + Int(d), 1000)
                i += 1
            }
            guard exponent < 30 else { return nil }
            if expNegative { exponent = -exponent }
        }
        let decimals = fraction - pendingZeros - exponent
        guard decimals <= Fixed.digits else { return nil }
        for _ in 0..<(Fixed.digits - decimals) { guard let m = Fixed.times10(magnitude) else { return nil }; magnitude = m }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Fixed(raw: negative ? -Int64(magnitude) : Int64(magnitude))
    }

    @inline(__always)
    static func times10(_ v: UInt64) -> UInt64? {
        let (m, o) = v.multipliedReportingOverflow(by: 10)
        return o ? nil : m
    }

    public static func < (a: Fixed, b: Fixed) -> Bool { a.raw < b.raw }

    public static func + (a: Fixed, b: Fixed) -> Fixed? {
        let (v, o) = a.raw.addingReportingOverflow(b.raw)
        return o ? nil : Fixed(raw: v)
    }

    public static func - (a: Fixed, b: Fixed) -> Fixed? {
        let (v, o) = a.raw.subtractingReportingOverflow(b.raw)
        return o ? nil : Fixed(raw: v)
    }

    /// `a` times a whole number (an occurrence count).
    public static func * (a: Fixed, n: Int64) -> Fixed? {
        let (v, o) = a.raw.multipliedReportingOverflow(by: n)
        return o ? nil : Fixed(raw: v)
    }

    public static prefix func - (a: Fixed) -> Fixed { Fixed(raw: -a.raw) }

    public var magnitude: Fixed { Fixed(raw: raw == .min ? .max : abs(raw)) }
    public var isNegative: Bool { raw < 0 }

    /// `self / n`, rounded half up (away from zero) to `places` decimals.
    /// Exact: the quotient is never formed in floating point. Nil when the
    /// rounded quotient leaves the range (rounding up next to the maximum).
    public func divided(by n: Int64, places: Int, halfUp: Bool = true) -> Fixed? {
        precondition(n > 0 && places >= 0 && places <= Fixed.digits)
        var unit: Int64 = 1
        for _ in 0..<(Fixed.digits - places) { unit *= 10 }
        // q = raw / (n * unit), rounded; computed in 128 bits to avoid overflow.
        let divisor = Int64(n).multipliedFullWidth(by: unit)
        let d = (Int128(divisor.high) << 64) | Int128(divisor.low)
        let x = Int128(raw)
        var q = x / d
        let r = x % d
        if r != 0 {
            let twice = (r < 0 ? -r : r) * 2
            if twice > d || (twice == d && halfUp) || (twice == d && !halfUp && q % 2 != 0) {
                q += x < 0 ? -1 : 1
            }
        }
        return Int64(exactly: q * Int128(unit)).map(Fixed.init(raw:))
    }

    /// The shortest exact decimal text: `93.5`, `-108`, `87.63`.
    public var description: String {
        let neg = raw < 0
        let m = raw.magnitude
        let whole = m / UInt64(Fixed.scale)
        let frac = m % UInt64(Fixed.scale)
        var text = String(whole)
        if frac != 0 {
            var digits = String(frac)
            digits = String(repeating: "0", count: Fixed.digits - digits.count) + digits
            while digits.last == "0" { digits.removeLast() }
            text += "." + digits
        }
        return neg ? "-" + text : text
    }

    /// Six-digit text with a fixed number of decimals (`places`), for tables.
    public func formatted(places: Int) -> String {
        let t = description
        guard places > 0 else { return t }
        let parts = t.split(separator: ".", maxSplits: 1)
        let frac = parts.count > 1 ? String(parts[1]) : ""
        if frac.count >= places { return t }
        return String(parts[0]) + "." + frac + String(repeating: "0", count: places - frac.count)
    }

    public var doubleValue: Double { Double(raw) / Double(Fixed.scale) }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        guard let f = Fixed(parsing: try c.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a decimal")
        }
        self = f
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
