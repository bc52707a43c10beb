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

    /// Parses decimal text (`-2`, `1.5`, `+0.25`, `1e2`); nil for anything
    /// else, for more than six fractional digits, or out of range.
    public init?(parsing text: String) {
        var s = Substring(text)
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() } else if s.first == "+" { s = s.dropFirst() }
        var exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let x = Int(s[s.index(after: e)...]), abs(x) < 30 else { return nil }
            exponent = x
            s = s[..<e]
        }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let intPart = parts[0]
        let frac = parts.count > 1 ? parts[1] : ""
        guard !(intPart.isEmpty && frac.isEmpty),
              intPart.allSatisfy({ $0.isASCII && $0.isNumber }), frac.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var digits = String(intPart) + String(frac)
        var fracCount = frac.count - exponent
        if fracCount < 0 { digits += String(repeating: "0", count: -fracCount); fracCount = 0 }
        // Drop trailing zeros beyond the scale.
        while fracCount > Fixed.digits, digits.last == "0" { digits.removeLast(); fracCount -= 1 }
        guard fracCount <= Fixed.digits else { return nil }
        digits += String(repeating: "0", count: Fixed.digits - fracCount)
        let trimmed = digits.drop { $0 == "0" }
        guard trimmed.count <= 19, let v = trimmed.isEmpty ? 0 : Int64(trimmed) else { return nil }
        raw = negative ? -v : v
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
    /// Exact: the quotient is never formed in floating point.
    public func divided(by n: Int64, places: Int, halfUp: Bool = true) -> Fixed {
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
        return Fixed(raw: Int64(q * Int128(unit)))
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
