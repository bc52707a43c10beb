import RubricSyntax

/// A calendar period: a month, quarter, half or year of one year.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var kind: PeriodKind
    public var year: Int
    /// 1-based position in the year (quarter 1...4, month 1...12).
    public var index: Int

    public init(kind: PeriodKind, year: Int, index: Int) {
        self.kind = kind
        self.year = year
        self.index = index
    }

    /// The period of `kind` holding `day`.
    public init(_ kind: PeriodKind, containing day: Day) {
        self.init(kind: kind, year: day.year, index: (day.month - 1) / kind.months + 1)
    }

    public var firstMonth: Int { (index - 1) * kind.months + 1 }
    public var start: Day { Day(year: year, month: firstMonth, day: 1) }
    public var end: Day {
        let m = firstMonth + kind.months - 1
        return Day(year: year, month: m, day: Day.daysIn(year: year, month: m))
    }

    public func contains(_ d: Day) -> Bool { d >= start && d <= end }

    /// The next period of the same kind.
    public var next: Period {
        index * kind.months >= 12 ? Period(kind: kind, year: year + 1, index: 1) : Period(kind: kind, year: year, index: index + 1)
    }

    /// The sub-periods of `kind` inside this one.
    public func parts(_ sub: PeriodKind) -> [Period] {
        let first = Period(sub, containing: start)
        return (0..<(kind.months / sub.months)).map { Period(kind: sub, year: year, index: first.index + $0) }
    }

    public static func < (a: Period, b: Period) -> Bool {
        (a.end, a.kind.months) < (b.end, b.kind.months)
    }

    /// `2024`, `2024-H1`, `2024-Q1`, `2024-03`.
    public var description: String {
        switch kind {
        case .year: return String(year)
        case .half: return "\(year)-H\(index)"
        case .quarter: return "\(year)-Q\(index)"
        case .month: return "\(year)-" + (index < 10 ? "0" : "") + String(index)
        }
    }

    /// Parses the forms `description` writes.
    public init?(parsing s: String) {
        let parts = s.split(separator: "-")
        guard let y = Int(parts[0]), parts[0].count == 4 else { return nil }
        if parts.count == 1 { self.init(kind: .year, year: y, index: 1); return }
        guard parts.count == 2 else { return nil }
        let p = parts[1]
        if p.hasPrefix("Q"), let q = Int(p.dropFirst()), (1...4).contains(q) { self.init(kind: .quarter, year: y, index: q); return }
        if p.hasPrefix("H"), let h = Int(p.dropFirst()), (1...2).contains(h) { self.init(kind: .half, year: y, index: h); return }
        if p.count == 2, let m = Int(p), (1...12).contains(m) { self.init(kind: .month, year: y, index: m); return }
        return nil
    }
}
