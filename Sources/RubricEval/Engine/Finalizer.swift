import Foundation
import RubricCheck
import RubricSyntax

/// Turns the accumulated state into scores: caps, absence checks, category
/// clamps, period totals, the year's combination, and ranks.
struct Finalizer {
    let options: EvalOptions
    let acc: Accumulator
    let versionOf: (Day) -> Int?
    /// Rules capped over a longer period: the points granted in date order.
    let grants: DateOrderGrants

    init(options: EvalOptions, acc: Accumulator, files: [String], versionOf: @escaping (Day) -> Int?) throws(ScoreOverflow) {
        self.options = options
        self.acc = acc
        self.versionOf = versionOf
        grants = try DateOrderGrants(acc, versions: options.versions, files: files)
    }

    func run(asOf: Day?, files: [String], rejects: [Reject]) throws(ScoreOverflow) -> Evaluation {
        let infos = options.versions.map {
            VersionInfo(id: $0.rubric.meta.id, title: $0.rubric.meta.title, version: $0.rubric.meta.version,
                        effective: $0.rubric.meta.effective.description, file: $0.rubric.meta.file,
                        extends: Array($0.rubric.meta.chain.dropLast()), sha256: $0.sha256,
                        language: $0.rubric.meta.language)
        }
        var contributions = acc.contributions
        for (i, g) in grants.granted { contributions[i].granted = g }
        for (i, s) in grants.stepped { (contributions[i].occurrence, contributions[i].granted) = (s.first, s.points) }
        var result = Evaluation(asOf: asOf, periods: [], versions: infos, accounting: acc.accounting, rejects: rejects,
                                files: files, contributions: contributions)
        guard let asOf, let first = acc.firstDay ?? options.asOf else { return result }
        let units = options.roster?.units ?? acc.unitNames.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }

        // The assessment periods from the earliest event's to the as-of date's.
        var scored: [(Period, Int)] = []
        var day = first
        while day <= asOf {
            guard let vi = versionOf(day) else { break }
            let p = Period(options.versions[vi].rubric.assess, containing: day)
            scored.append((p, vi))
            day = p.next.start
        }
        let wanted = options.periods.map(Set.init)
        var byYear: [Int: [(Period, Int, [String: (total: Fixed, vetoes: [String])])]] = [:]
        for (p, vi, ps) in try allPeriodScores(scored, units: units, asOf: asOf) {
            byYear[p.year, default: []].append((p, vi, Dictionary(uniqueKeysWithValues: ps.rows.map { ($0.unit, ($0.total, $0.vetoedBy)) })))
            if wanted?.contains(p) ?? true { result.periods.append(ps) }
        }
        for year in byYear.keys.sorted() {
            let y = Period(kind: .year, year: year, index: 1)
            guard wanted?.contains(y) ?? true, let parts = byYear[year] else { continue }
            let yearPeriods = parts.map { $0.0 }
            if yearPeriods.count == 1 && yearPeriods[0].kind == .year { continue }
            let vi = versionOf(y.start) ?? parts[0].1
            result.periods.append(try yearScores(y, vi, parts: parts, units: units, asOf: asOf))
        }
        result.periods.sort { $0.period < $1.period }
        return result
    }

    func key(_ unit: String) -> Int32? { acc.unitIds[unit] }

    /// Each assessment period's scores, in the order given. The periods are
    /// independent of each other, so with more than one thread they are
    /// worked out side by side (a rubric of 500 rules spends as long here as
    /// reading its log); the first overflow, in period order, is thrown.
    func allPeriodScores(_ scored: [(Period, Int)], units: [String], asOf: Day) throws(ScoreOverflow) -> [(Period, Int, PeriodScores)] {
        // Read only, by every thread.
        nonisolated(unsafe) let finalizer = self
        let results = IndexedResults<Result<PeriodScores, ScoreOverflow>>.map(scored.count, threads: options.threads) { i in
            let (p, vi) = scored[i]
            return Result { () throws(ScoreOverflow) in try finalizer.periodScores(p, vi, units: units, asOf: asOf) }
        }
        var out: [(Period, Int, PeriodScores)] = []
        for (i, (p, vi)) in scored.enumerated() { out.append((p, vi, try results[i].get())) }
        return out
    }

    /// The capped result of one rule for a unit and scope period. `from`
    /// lists the versions whose events under the rule make up the result:
    /// the period's own version for a period's rule; for a year's rule, each
    /// version that scored part of the year and declares the rule's id, so
    /// one year has one cap whichever versions scored its events. The pooled
    /// events are priced (first occurrence, cap) by the last of them.
    func ruleResult<From: RandomAccessCollection<(version: Int, rule: CompiledRubric.Rule)>>(
        _ unit: Int32?, _ unitName: String, from: From, _ period: Period, row: borrowing StateTable.Row? = nil
    ) throws(ScoreOverflow) -> RuleResult? {
        guard let unit, let (vi, rule) = from.last else { return nil }
        func key(_ f: From.Element) -> StateKey { StateKey(unit: unit, version: Int16(f.version), rule: Int16(f.rule.index), period: period) }
        // The one slot (pooled over `from`), or when capped per field value each value's slot.
        var pooled: PeriodPages.Slot?
        var slots: [PeriodPages.Slot] = []
        // Events without the field capped each on its own: already capped (and their raw points apart).
        var alone = (capped: Int128(0), raw: Int128(0), events: 0, occurrences: Int64(0))
        if rule.source.capPer != nil {
            var byGroup: [Int32: PeriodPages.Slot] = [:]
            for f in from {
                for (group, slot) in row?.entries(rule: Int16(f.rule.index), perValue: true) ?? acc.slots.entries(key(f), perValue: true) {
                    switch group {
                    case StateKey.aloneCapped: (alone.capped, alone.events, alone.occurrences) = (alone.capped + slot.sum, alone.events + Int(slot.events), alone.occurrences &+ slot.occurrences)
                    case StateKey.aloneRaw: alone.raw += slot.sum
                    case let group: byGroup[group, default: PeriodPages.Slot()].merge(slot)
                    }
                }
            }
            slots = byGroup.keys.sorted().map { byGroup[$0]! }
        } else {
            for f in from {
                if let s = row.map({ $0.slot(rule: Int16(f.rule.index), group: -1) }) ?? acc.slots[key(f)] { pooled = pooled ?? PeriodPages.Slot(); pooled!.merge(s) }
            }
        }
        guard pooled != nil || !slots.isEmpty || alone.events > 0 else { return nil }
        let site = ScoreSite(unit: unitName, period: period, part: .rule(rule.source.id))
        var raw = try site.fixed(alone.raw), points = try site.fixed(alone.capped), events = alone.events, occurrences = alone.occurrences
        func count(_ slot: PeriodPages.Slot) throws(ScoreOverflow) {
            let sum = try site.fixed(rule.rawTotal(sum: slot.sum, occurrences: slot.occurrences))
            raw = try site.add(raw, sum)
            points = try site.add(points, rule.capped(sum))
            events += Int(slot.events)
            occurrences &+= slot.occurrences
        }
        if let pooled { try count(pooled) }
        for slot in slots { try count(slot) }
        if rule.source.capOver != nil {
            // Capped over a longer period: what was granted in date order to this period's events.
            points = try site.fixed(from.reduce(Int128(0)) { $0 + (grants.sums[key($1)] ?? 0) })
        }
        var result = rule.result(version: vi, raw: raw, points: points, events: events, occurrences: occurrences)
        if from.count > 1 { result.from = from.map { (version: $0.version, rule: $0.rule.index) } }
        return result
    }

    /// Two ascending lists of rule indices as one, each index once.
    static func union(_ a: [Int], _ b: [Int]) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(a.count + b.count)
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            let next = j == b.count || (i < a.count && a[i] <= b[j]) ? a[i] : b[j]
            if i < a.count && a[i] == next { i += 1 }
            if j < b.count && b[j] == next { j += 1 }
            out.append(next)
        }
        return out
    }

    /// Whether a version scored any of the unit's events under its rule in the period (a veto fires on them).
    func scoredEvents(_ unit: Int32?, _ vi: Int, _ rule: CompiledRubric.Rule, _ period: Period) -> Bool {
        guard let unit else { return false }
        let k = StateKey(unit: unit, version: Int16(vi), rule: Int16(rule.index), period: period)
        return acc.slots.entries(k, perValue: rule.source.capPer != nil).contains { $0.slot.events > 0 }
    }

    /// An absence rule's result: the sub-periods begun by the as-of date
    /// with too few events. `from` as for `ruleResult`: a year's absence
    /// rule counts the events of every version scoring part of the year.
    func absenceResult<From: RandomAccessCollection<(version: Int, rule: CompiledRubric.Rule)>>(
        _ unit: Int32?, _ unitName: String, from: From, _ period: Period, asOf: Day
    ) -> RuleResult? {
        guard let (vi, rule) = from.last, let a = rule.source.absence, case .constant(let pts) = rule.source.points else { return nil }
        if !rule.applies(to: unitName, roster: options.roster) { return nil }
        var missing: [Period] = []
        for part in period.parts(a.every) where part.start <= asOf {
            var n: Int128 = 0
            if let unit {
                for f in from { n += acc.presence[StateKey(unit: unit, version: Int16(f.version), rule: Int16(f.rule.index), period: part)] ?? 0 }
            }
            if n < Int128(a.atLeast) { missing.append(part) }
        }
        guard !missing.isEmpty else { return nil }
        var result = rule.result(version: vi, raw: pts, points: rule.capped(pts), events: 0, occurrences: 0, missing: missing)
        if from.count > 1 { result.from = from.map { (version: $0.version, rule: $0.rule.index) } }
        return result
    }

    func periodScores(_ p: Period, _ vi: Int, units: [String], asOf: Day) throws(ScoreOverflow) -> PeriodScores {
        let v = options.versions[vi]
        let r = v.rubric
        var rows: [UnitScore] = []
        // Absence rules have a result without state (the events that are missing).
        let absence = v.absenceRules.filter { v.rules[$0].source.scope == p.kind }
        // The categories where a bonus may be withheld (most have no such rule: their results are not visited again).
        var withholding = [Bool](repeating: false, count: r.categories.count)
        for rule in v.rules where rule.source.bonusIfNoDeductions { if let c = rule.source.category { withholding[c] = true } }
        for unit in units {
            let uid = key(unit)
            var cats = r.categories.map { CategoryScore(id: $0.id, title: $0.title, max: $0.max, min: $0.min, rules: [], unclamped: $0.max, score: $0.max) }
            var vetoes: [String] = []
            var adjustments: [RuleResult] = []
            // The unit's row of state in the period, read in rule order.
            let row = uid.flatMap { acc.slots.row(StateTable.Cell(unit: $0, version: Int16(vi), period: p)) }
            let withState = row?.rules ?? []
            let candidates = absence.isEmpty ? withState : Self.union(withState, absence)
            // Room for each category's results, and no more (arrays grown by doubling kept a
            // quarter of a large run's memory empty).
            var room = [Int](repeating: 0, count: cats.count)
            for i in candidates { if let c = v.rules[i].source.category { room[c] += 1 } }
            for c in cats.indices where room[c] > 0 { cats[c].rules.reserveCapacity(room[c]) }
            for i in candidates {
                let rule = v.rules[i]
                guard rule.source.scope == p.kind else { continue }
                let only = CollectionOfOne((version: vi, rule: rule))
                let res = rule.source.absence != nil ? absenceResult(uid, unit, from: only, p, asOf: asOf) : try ruleResult(uid, unit, from: only, p, row: row)
                guard let res else { continue }
                if rule.source.veto != nil && res.events > 0 { vetoes.append(rule.source.id) }
                if let c = rule.source.category { cats[c].rules.append(res) } else { adjustments.append(res) }
            }
            for i in cats.indices {
                if withholding[i] { ItemSemantics.withholdBonuses(&cats[i].rules) { v.rules[$0.rule].source.bonusIfNoDeductions } }
                let site = ScoreSite(unit: unit, period: p, part: .category(cats[i].id))
                let absent = CategorySemantics.notApplicable(r.categories[i], unit: unit, roster: options.roster)
                let outOf = try site.subtract(cats[i].max, site.sum(absent.map(\.max)))
                var sum = try site.sum(cats[i].rules.map(\.points), from: outOf)
                if let bonusMax = r.categories[i].bonusMax {
                    let bonus = try site.sum(cats[i].rules.map(\.points).filter { !$0.isNegative })
                    if bonus > bonusMax {
                        cats[i].bonusCut = try site.subtract(bonus, bonusMax)
                        sum = try site.subtract(sum, cats[i].bonusCut)
                    }
                }
                cats[i].unclamped = sum
                cats[i].score = min(cats[i].min.map { max(sum, $0) } ?? sum, outOf)
                if !absent.isEmpty {
                    (cats[i].notApplicable, cats[i].outOf, cats[i].beforeRescale) = (absent.map(\.number), outOf, cats[i].score)
                    cats[i].score = try CategorySemantics.rescaled(cats[i].score, r.categories[i], outOf: outOf, site)
                }
            }
            let site = ScoreSite(unit: unit, period: p, part: .total)
            let (adj, bonusCut) = try Self.adjustmentTotal(adjustments, r.total.bonusMax, site)
            let raw = try site.sum(cats.map(\.score), from: adj)
            if !options.ruleResults.includes(unit) {
                for i in cats.indices { cats[i].rules = [] }
                adjustments = []
            }
            let total = r.total.clamp(raw)
            rows.append(UnitScore(unit: unit, total: total, unclamped: raw, rank: 0, grade: grade(total, r, vetoes: vetoes), categories: cats,
                                  adjustments: adjustments, adjustmentTotal: adj, bonusCut: bonusCut, parts: [], vetoedBy: vetoes))
        }
        return PeriodScores(period: p, version: vi, categories: r.categories.map { ($0.id, $0.title, $0.max) }, rows: rank(rows, r))
    }

    func yearScores(_ y: Period, _ vi: Int, parts: [(Period, Int, [String: (total: Fixed, vetoes: [String])])], units: [String], asOf: Day) throws(ScoreOverflow) -> PeriodScores {
        let r = options.versions[vi].rubric
        // The year's own rules, by id in the order first declared, each with the versions declaring it.
        var yearRules: [[(version: Int, rule: CompiledRubric.Rule)]] = []
        var position: [String: Int] = [:]
        for v in Set(parts.map(\.1)).sorted() {
            for rule in options.versions[v].rules where rule.source.category == nil && rule.source.scope == .year {
                if let i = position[rule.source.id] { yearRules[i].append((v, rule)) } else {
                    position[rule.source.id] = yearRules.count
                    yearRules.append([(v, rule)])
                }
            }
        }
        var rows: [UnitScore] = []
        for unit in units {
            let totals = parts.map { ($0.0, $0.2[unit]?.total ?? .zero) }
            var vetoes = parts.flatMap { $0.2[unit]?.vetoes ?? [] }
            let site = ScoreSite(unit: unit, period: y, part: .combination)
            let combination = try Self.combine(totals, r, site)
            // Year-scoped adjustments from every version that scored part of the year, pooled by rule id.
            var adjustments: [RuleResult] = []
            for from in yearRules {
                let absence = from.last!.rule.source.absence != nil
                if let res = absence ? absenceResult(key(unit), unit, from: from, y, asOf: asOf) : try ruleResult(key(unit), unit, from: from, y) {
                    adjustments.append(res)
                    if from.contains(where: { $0.rule.source.veto != nil && scoredEvents(key(unit), $0.version, $0.rule, y) }) { vetoes.append(res.id) }
                }
            }
            let totalSite = ScoreSite(unit: unit, period: y, part: .total)
            let (adj, bonusCut) = try Self.adjustmentTotal(adjustments, r.yearBounds.bonusMax, totalSite)
            let raw = try totalSite.add(combination.result, adj)
            let total = r.yearBounds.clamp(raw)
            vetoes = Array(Set(vetoes)).sorted()
            if !options.ruleResults.includes(unit) { adjustments = [] }
            rows.append(UnitScore(unit: unit, total: total, unclamped: raw, rank: 0, grade: grade(total, r, vetoes: vetoes), categories: [],
                                  adjustments: adjustments, adjustmentTotal: adj, bonusCut: bonusCut, parts: totals,
                                  combination: combination, vetoedBy: vetoes))
        }
        return PeriodScores(period: y, version: vi, categories: [], rows: rank(rows, r))
    }

    /// A year's combination of its periods' totals: a sum, a mean, or a
    /// weighted mean (Σ weight × total / Σ weight over the periods that have
    /// a weight), exact, then rounded as the rubric says.
    static func combine(_ totals: [(Period, Fixed)], _ r: CheckedRubric, _ site: ScoreSite) throws(ScoreOverflow) -> YearCombination {
        let kind: YearCombination.Kind
        var terms: [(period: Period, total: Fixed, weight: Int64)]
        switch r.yearCombine {
        case .sum: kind = .sum; terms = totals.map { ($0.0, $0.1, 1) }
        case .mean: kind = .mean; terms = totals.map { ($0.0, $0.1, 1) }
        case .weighted:
            kind = .weighted
            terms = totals.filter { $0.0.index - 1 < r.yearWeights.count }.map { ($0.0, $0.1, r.yearWeights[$0.0.index - 1]) }
        }
        var numerator = Fixed.zero, denominator: Int64 = 0
        for t in terms {
            guard let term = t.total * t.weight else { throw site.overflow }
            numerator = try site.add(numerator, term)
            let (d, o) = denominator.addingReportingOverflow(t.weight)
            guard !o else { throw site.overflow }
            denominator = d
        }
        let rounding = kind == .sum ? r.yearRound : (r.yearRound ?? (places: Fixed.digits, halfUp: true))
        var result = numerator
        if kind == .sum { denominator = 1 }
        if denominator <= 0 {
            result = .zero
        } else if let round = rounding {
            guard let q = numerator.divided(by: denominator, places: round.places, halfUp: round.halfUp) else { throw site.overflow }
            result = q
        }
        return YearCombination(kind: kind, terms: terms, numerator: numerator, denominator: denominator,
                               rounding: r.yearRound, result: result)
    }

    /// The sum of a total's adjustments, with their bonuses (positive
    /// results) cut to `bonusMax`; and how much was cut.
    static func adjustmentTotal(_ results: [RuleResult], _ bonusMax: Fixed?, _ site: ScoreSite) throws(ScoreOverflow) -> (Fixed, Fixed) {
        let sum = try site.sum(results.map(\.points))
        guard let bonusMax else { return (sum, .zero) }
        let bonus = try site.sum(results.map(\.points).filter { !$0.isNegative })
        guard bonus > bonusMax else { return (sum, .zero) }
        let cut = try site.subtract(bonus, bonusMax)
        return (try site.subtract(sum, cut), cut)
    }

    /// The grade band of a total; a veto sets the grade to its own (the lowest, if several fire).
    func grade(_ total: Fixed, _ r: CheckedRubric, vetoes: [String] = []) -> String? {
        var band = r.grades.firstIndex { total >= $0.min }
        for id in vetoes {
            guard let name = r.rules.first(where: { $0.id == id })?.veto, let v = r.grades.firstIndex(where: { $0.name == name }) else { continue }
            band = max(band ?? v, v)
        }
        return band.map { r.grades[$0].name }
    }

    /// Ranks, within the groups of `rank_within` when the rubric has it
    /// (groups in code-point order; units without the attribute form the group "").
    func rank(_ rows: [UnitScore], _ r: CheckedRubric) -> [UnitScore] {
        guard let attribute = r.rankWithin else { return Self.applyQuotas(Self.rank(rows), r) }
        var groups: [String: [UnitScore]] = [:]
        for var row in rows {
            row.group = options.roster?.attributes[row.unit]?[attribute] ?? ""
            groups[row.group!, default: []].append(row)
        }
        return groups.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }.flatMap { Self.applyQuotas(Self.rank(groups[$0]!), r) }
    }

    /// Grade quotas (优秀 for at most 20% of the units, by rank): a unit beyond
    /// a grade's quota gets the next grade it reaches. Vetoed grades stay.
    static func applyQuotas(_ ranked: [UnitScore], _ r: CheckedRubric) -> [UnitScore] {
        guard r.grades.contains(where: { $0.quota != nil }) else { return ranked }
        var rows = ranked
        for (gi, g) in r.grades.enumerated() {
            guard let quota = g.quota else { continue }
            // Units whose rank is within floor(count × quota / 100) keep the grade.
            let allowed = Int(Int64(rows.count).multipliedReportingOverflow(by: quota.raw).partialValue / (100 * Fixed.scale))
            for i in rows.indices where rows[i].grade == g.name && rows[i].vetoedBy.isEmpty && rows[i].rank > allowed {
                rows[i].grade = r.grades[(gi + 1)...].first { rows[i].total >= $0.min }?.name
            }
        }
        return rows
    }

    /// Highest total first; equal totals share a rank and the next skips
    /// (1, 2, 2, 4); ties in code-point order of the unit names.
    static func rank(_ rows: [UnitScore]) -> [UnitScore] {
        var sorted = rows.sorted {
            $0.total != $1.total ? $0.total > $1.total : $0.unit.unicodeScalars.lexicographicallyPrecedes($1.unit.unicodeScalars)
        }
        for i in sorted.indices {
            sorted[i].rank = i > 0 && sorted[i].total == sorted[i - 1].total ? sorted[i - 1].rank : i + 1
        }
        return sorted
    }
}
