import RubricSyntax

/// A score that does not fit the range of exact scores (±9223372036854.775807).
///
/// Every rule total is accumulated exactly in 128 bits, whatever the order
/// of the events or the way the log is split into parts, and is converted,
/// capped and summed in `Finalizer` with checked arithmetic. When a sum
/// leaves the range the run fails with this error, naming the unit, the
/// period and what overflowed: a published score is never saturated,
/// wrapped or silently left out.
public struct ScoreOverflow: Error, Sendable, CustomStringConvertible {
    public var unit: String
    public var period: Period
    /// What overflowed: `rule ID`, `category ID`, `the total`, `the year's combination`.
    public var part: String

    public var description: String {
        "the score of \(unit) for \(period), \(part), is beyond the range of exact scores (±\(Fixed(raw: .max)))"
    }
}

/// Checked arithmetic that names the score it computes when it overflows.
struct ScoreSite {
    /// What is computed. Its words are made only for an overflow (a site
    /// is made for every rule result of every unit).
    enum Part {
        case rule(String)
        case category(String)
        case total
        case combination

        var words: String {
            switch self {
            case .rule(let id): return "rule \(id)"
            case .category(let id): return "category \(id)"
            case .total: return "the total"
            case .combination: return "the year's combination"
            }
        }
    }

    var unit: String
    var period: Period
    var part: Part

    var overflow: ScoreOverflow { ScoreOverflow(unit: unit, period: period, part: part.words) }

    func add(_ a: Fixed, _ b: Fixed) throws(ScoreOverflow) -> Fixed {
        guard let s = a + b else { throw overflow }
        return s
    }

    func subtract(_ a: Fixed, _ b: Fixed) throws(ScoreOverflow) -> Fixed {
        guard let s = a - b else { throw overflow }
        return s
    }

    func sum(_ values: some Sequence<Fixed>, from start: Fixed = .zero) throws(ScoreOverflow) -> Fixed {
        var s = start
        for v in values { s = try add(s, v) }
        return s
    }

    /// An exact 128-bit sum of raw millionths as a score.
    func fixed(_ wide: Int128) throws(ScoreOverflow) -> Fixed {
        guard let raw = Int64(exactly: wide) else { throw overflow }
        return Fixed(raw: raw)
    }
}
