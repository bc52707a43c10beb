import RubricSyntax

extension FastWorker {
    /// The state of this part as an `Accumulator` (the fast tables converted,
    /// the general path's state merged in), its rejects, and its line count.
    func finish() -> (Accumulator, [Reject]) {
        var acc = Accumulator()
        var map = [Int32](repeating: -1, count: unitNames.count)
        for i in unitNames.indices where scratch.unitFlags[i] & 2 != 0 { map[i] = acc.unitId(unitNames[i]) }
        pages.forEach(units: unitNames.count) { code, u, column, slot in
            let (v, rule, absence) = pages.owners[PeriodCode.kind(code)][column]
            let k = StateKey(unit: map[u], version: Int16(v), rule: Int16(rule), period: PeriodCode.period(code))
            if absence {
                acc.presence[k] = slot.sum
            } else {
                acc.sums[k] = slot.sum
                acc.hits[k] = (Int(slot.events), slot.occurrences)
            }
        }
        if let d = firstDay { acc.noteDay(d) }
        if let d = lastDay { acc.noteDay(d) }
        // The accounting was kept here for every line; the general path's own is not added twice.
        var general = slow
        general.accounting = Accounting()
        acc.merge(general)
        acc.accounting = accounting
        return (acc, rejects)
    }
}
