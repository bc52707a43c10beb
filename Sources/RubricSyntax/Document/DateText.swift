/// Calendar dates written `YYYY-MM-DD`, as days since 1970-01-01.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public var description: String {
        // The usual day written as its ten bytes (a report writes a million of them).
        if (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) {
            return String(unsafeUninitializedCapacity: 10) { b in
                func digits(_ n: Int, _ width: Int, endingAt end: Int) {
                    var v = n
                    for k in stride(from: end - 1, through: end - width, by: -1) { b[k] = UInt8(48 + v % 10); v /= 10 }
                }
                digits(year, 4, endingAt: 4)
                b[4] = UInt8(ascii: "-")
                digits(month, 2, endingAt: 7)
                b[7] = UInt8(ascii: "-")
                digits(day, 2, endingAt: 10)
                return 10
            }
        }
        func pad(_ n: Int, _ w: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Parsing of `YYYY-MM-DD` text.
public enum DateText {
    public enum Problem: Error, Equatable, Sendable {
        case malformed
        case noSuchDay
    }

    /// Parses exactly `YYYY-MM-DD` (ASCII digits) and checks the day exists.
    public static func parse(_ s: String) -> Result<Day, Problem> {
        let u = Array(s.utf8)
        return parse(bytes: u[...])
    }

    public static func parse(bytes u: ArraySlice<UInt8>) -> Result<Day, Problem> {
        guard u.count == 10 else { return .failure(.malformed) }
        let b = u.startIndex
        guard u[b + 4] == UInt8(ascii: "-"), u[b + 7] == UInt8(ascii: "-") else { return .failure(.malformed) }
        func num(_ from: Int, _ n: Int) -> Int? {
            var v = 0
            for k in 0..<n {
                let c = u[b + from + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let y = num(0, 4), let m = num(5, 2), let d = num(8, 2) else { return .failure(.malformed) }
        guard m >= 1, m <= 12, d >= 1, d <= Day.daysIn(year: y, month: m), y >= 1 else { return .failure(.noSuchDay) }
        return .success(Day(year: y, month: m, day: d))
    }

    public static func isValid(_ s: String) -> Bool {
        if case .success = parse(s) { return true }
        return false
    }
}

extension Day {
    /// How far past the newest rules' effective date events are scored.
    public static let horizonYears = 100

    /// The latest day scored when the newest rules take effect on this day:
    /// the end of the year `horizonYears` later. Every period from the first
    /// scored day to the as-of date is scored for every unit, so one far date
    /// (9999-12-31 once made 32,000 quarters: 27 s and 1.35 GB for 40 units)
    /// would multiply the work: `eval` and the compiled SQL reject an event
    /// after it, with `horizonReason`.
    public var scoringHorizon: Day { Day(year: year + Self.horizonYears, month: 12, day: 31) }

    /// Why an event dated after `horizon` is rejected (after its date's text).
    public static func horizonReason(_ horizon: Day) -> String {
        Catalog.messages(.en)("reject.horizon.tail", ["horizon": "\(horizon)", "years": "\(horizonYears)"])
    }

    /// Why `text`, a day after `horizon`, is not scored.
    public static func horizonReason(_ text: String, _ horizon: Day) -> Message {
        Message("reject.horizon", ["day": "\(text)", "tail": .phrase("reject.horizon.tail", ["horizon": "\(horizon)", "years": "\(horizonYears)"])])
    }
}
