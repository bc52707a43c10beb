import RubricCheck
import RubricEval
import RubricReport
import RubricSyntax

/// What a revision does to the scores of one set of events: the same
/// events scored under two versions, row by row, with the rules that
/// account for each change.
public struct RevisionDiff: Sendable {
    /// One rule's points in a row, before and after.
    public struct RuleChange: Sendable {
        public var rule: String
        public var old: Fixed
        public var new: Fixed
        public var change: Fixed { (new - old) ?? .zero }
    }

    /// One unit and period.
    public struct Row: Sendable {
        public var unit: String
        public var period: Period
        public var old: Fixed?
        public var new: Fixed?
        public var oldRank: Int?
        public var newRank: Int?
        public var rules: [RuleChange]
        /// The part of the change the rules do not account for: category
        /// clamps, total bounds, a year's combination of its quarters.
        public var rest: Fixed
        public var change: Fixed { ((new ?? .zero) - (old ?? .zero)) ?? .zero }
        public var changed: Bool { old != new || oldRank != newRank }
    }

    public var from: VersionInfo
    public var to: VersionInfo
    public var rows: [Row]

    /// Compares `old` and `new`, evaluations of the same events forced to
    /// the versions at `from` and `to` of their version lists.
    public init(old: Evaluation, new: Evaluation, from: Int, to: Int) {
        self.from = old.versions[from]
        self.to = new.versions[to]
        var rows: [Row] = []
        let periods = Set(old.periods.map(\.period)).union(new.periods.map(\.period)).sorted()
        let (oldIndex, newIndex) = (ExplanationIndex(old), ExplanationIndex(new))
        for p in periods {
            let ai = old.periods.firstIndex { $0.period == p }, bi = new.periods.firstIndex { $0.period == p }
            let a = ai.map { old.periods[$0] }, b = bi.map { new.periods[$0] }
            let units = Set((a?.rows ?? []).map(\.unit)).union((b?.rows ?? []).map(\.unit))
                .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            for u in units {
                let x = ai.flatMap { oldIndex.row(u, inPeriod: $0) }, y = bi.flatMap { newIndex.row(u, inPeriod: $0) }
                let rx = Self.rulePoints(x), ry = Self.rulePoints(y)
                var changes: [RuleChange] = []
                for id in Set(rx.keys).union(ry.keys).sorted() {
                    let c = RuleChange(rule: id, old: rx[id] ?? .zero, new: ry[id] ?? .zero)
                    if c.old != c.new { changes.append(c) }
                }
                var row = Row(unit: u, period: p, old: x?.total, new: y?.total, oldRank: x?.rank, newRank: y?.rank, rules: changes, rest: .zero)
                let explained = changes.reduce(Fixed.zero) { ($0 + $1.change) ?? $0 }
                row.rest = (row.change - explained) ?? .zero
                rows.append(row)
            }
        }
        self.rows = rows
    }

    /// Points per rule id in a row (after caps).
    static func rulePoints(_ r: UnitScore?) -> [String: Fixed] {
        var out: [String: Fixed] = [:]
        guard let r else { return out }
        for res in r.categories.flatMap(\.rules) + r.adjustments { out[res.id] = (out[res.id] ?? .zero) + res.points ?? res.points }
        return out
    }

    /// How a reader is told the change: the language's words, rules by their
    /// titles (ids with `verbose`), periods as an office names them.
    public struct Wording {
        let t: Labels
        let verbose: Bool
        /// Rule id -> what the reader is shown, from the newer version where a rule is in both.
        let rules: [String: String]

        public init(labels: Labels, verbose: Bool, rubrics: [CheckedRubric]) {
            t = labels
            self.verbose = verbose
            var names: [String: String] = [:]
            for r in rubrics { for rule in r.rules { names[rule.id] = labels.rule(rule, in: r.schema, verbose: verbose) } }
            rules = names
        }

        func period(_ p: Period) -> String { verbose ? p.description : t.period(p) }
    }

    func describe(_ row: Row, _ w: Wording) -> String {
        var parts = row.rules.map { "\(w.rules[$0.rule] ?? $0.rule) \($0.old) → \($0.new)" }
        if row.rest != .zero {
            parts.append(w.t(row.period.kind == .year ? "diff.rest.year" : "diff.rest", ["points": Labels.signed(row.rest)]))
        }
        if parts.isEmpty && row.oldRank != row.newRank { parts.append(w.t["diff.othersMoved"]) }
        return parts.joined(separator: w.t["diff.separator"])
    }

    func rank(_ r: Int?) -> String { r.map(String.init) ?? "-" }

    func cells(_ r: Row, _ w: Wording) -> [String] {
        [r.unit, r.old?.description ?? "-", r.new?.description ?? "-", Labels.signed(r.change),
         r.oldRank == r.newRank ? rank(r.newRank) : "\(rank(r.oldRank)) → \(rank(r.newRank))", describe(r, w)]
    }

    func header(_ w: Wording) -> [String] { ["col.unit", "diff.old", "diff.new", "diff.change", "col.rank", "diff.because"].map { w.t[$0] } }

    /// Changed rows, period by period, as aligned tables.
    public func table(_ w: Wording) -> String {
        var out = w.t("diff.title", ["from": from.version, "to": to.version, "files": " (\(from.file) → \(to.file))"]) + "\n\n"
        for p in Set(rows.map(\.period)).sorted() {
            let mine = rows.filter { $0.period == p }
            let changed = mine.filter(\.changed)
            out += w.t("diff.period", ["period": w.period(p), "changed": String(changed.count), "count": String(mine.count)]) + "\n"
            guard !changed.isEmpty else { out += "\n"; continue }
            var t = TextTable(header: header(w))
            t.rightAligned = [1, 2, 3, 4]
            t.rows = changed.map { cells($0, w) }
            out += t.render() + "\n"
        }
        return out
    }

    public func markdown(_ w: Wording) -> String {
        var out = "# " + Quoting.markdownCell(w.t("diff.title", ["from": from.version, "to": to.version, "files": ""])) + "\n\n"
        for p in Set(rows.map(\.period)).sorted() {
            let changed = rows.filter { $0.period == p && $0.changed }
            out += "## \(Quoting.markdownCell(w.period(p)))\n\n"
            guard !changed.isEmpty else { out += w.t["diff.none"] + "\n\n"; continue }
            out += "| " + header(w).map(Quoting.markdownCell).joined(separator: " | ") + " |\n| --- | ---: | ---: | ---: | ---: | --- |\n"
            for r in changed { out += "| " + cells(r, w).map(Quoting.markdownCell).joined(separator: " | ") + " |\n" }
            out += "\n"
        }
        return out
    }

    public func json() -> String {
        var w = JSONWriter()
        w.beginObject()
        JSONReport.version(&w, "from", from)
        JSONReport.version(&w, "to", to)
        w.beginArray("changes")
        for r in rows {
            w.beginObject()
            w.string("unit", r.unit)
            w.string("period", r.period.description)
            if let o = r.old { w.number("old", o) } else { w.null("old") }
            if let n = r.new { w.number("new", n) } else { w.null("new") }
            w.number("change", r.change)
            if let o = r.oldRank { w.int("old_rank", o) } else { w.null("old_rank") }
            if let n = r.newRank { w.int("new_rank", n) } else { w.null("new_rank") }
            w.beginArray("rules")
            for c in r.rules {
                w.beginObject()
                w.string("rule", c.rule)
                w.number("old", c.old)
                w.number("new", c.new)
                w.number("change", c.change)
                w.endObject()
            }
            w.endArray()
            w.number("other", r.rest)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }
}
