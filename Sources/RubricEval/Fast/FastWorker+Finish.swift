import RubricSyntax

extension FastWorker {
    /// The state of this part as an `Accumulator` (the fast tables converted,
    /// the general path's state merged in), its rejects, and its line count.
    func finish() -> (Accumulator, [Reject]) {
        var acc = Accumulator()
        var map = [Int32](repeating: -1, count: unitNames.count)
        for i in unitNames.indices where scratch.unitFlags[i] & 2 != 0 { map[i] = acc.unitId(unitNames[i]) }
        sums.forEach { key, sum, events, occurrences in
            let (u, v, r, p) = PackedKey.split(key)
            let k = StateKey(unit: map[Int(u)], version: Int16(v), rule: Int16(r), period: p)
            acc.sums[k] = Fixed(raw: sum)
            acc.hits[k] = (Int(events), occurrences)
        }
        presence.forEach { key, sum, _, _ in
            let (u, v, r, p) = PackedKey.split(key)
            acc.presence[StateKey(unit: map[Int(u)], version: Int16(v), rule: Int16(r), period: p)] = sum
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
