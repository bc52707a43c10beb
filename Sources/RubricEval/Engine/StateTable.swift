import RubricSyntax

/// The points state of a run as the finalizer reads it, one row per
/// (unit, version, scope period): the rules holding state there in rule
/// order, each with its slot (a rule capped per field value has a slot per
/// value). A row costs its entries (a key word and a slot each) and a unit's
/// period is read as one row in order, not looked up rule by rule in a
/// dictionary of every (unit, rule, period) touched, which a rubric of 500
/// rules made a third of its run.
struct StateTable {
    /// A row's place: the unit, the version that scored it and the scope period.
    struct Cell: Hashable {
        var unit: Int32
        var version: Int16
        var period: Period

        init(unit: Int32, version: Int16, period: Period) {
            (self.unit, self.version, self.period) = (unit, version, period)
        }

        init(_ k: StateKey) { self.init(unit: k.unit, version: k.version, period: k.period) }

        func hash(into hasher: inout Hasher) {
            hasher.combine(UInt64(UInt32(bitPattern: unit)) << 32 | UInt64(UInt16(bitPattern: version)) << 16 | PeriodCode.make(period))
        }
    }

    /// A row's entries in key order (`key(rule:group:)`), with their slots.
    struct Row {
        var keys: [UInt64] = []
        var slots: [PeriodPages.Slot] = []

        /// The index of the first key not below `key`.
        func lowerBound(_ key: UInt64) -> Int {
            var (low, high) = (0, keys.count)
            while low < high {
                let mid = (low + high) / 2
                if keys[mid] < key { low = mid + 1 } else { high = mid }
            }
            return low
        }

        /// The entries of one rule (its groups' first, then its own slot).
        func range(rule: Int16) -> Range<Int> {
            let low = lowerBound(StateTable.key(rule: rule, group: 0))
            return low..<lowerBound(StateTable.key(rule: rule &+ 1, group: 0))
        }

        /// The slot of a rule and group, if it holds state.
        func slot(rule: Int16, group: Int32) -> PeriodPages.Slot? {
            let key = StateTable.key(rule: rule, group: group)
            let i = lowerBound(key)
            return i < keys.count && keys[i] == key ? slots[i] : nil
        }

        /// A rule's slots: its values' when capped per field value, else its own (`StateTable.entries`).
        func entries(rule: Int16, perValue: Bool) -> [(group: Int32, slot: PeriodPages.Slot)] {
            range(rule: rule).compactMap { i in
                let group = StateTable.group(of: keys[i])
                return (group != -1) == perValue ? (group, slots[i]) : nil
            }
        }

        /// The rules holding state in the row, in rule order.
        var rules: [Int] {
            var out: [Int] = []
            for key in keys {
                let r = Int(StateTable.rule(of: key))
                if out.last != r { out.append(r) }
            }
            return out
        }

        /// Adds a slot's counts to its key's entry, making it in order if new.
        mutating func add(_ key: UInt64, _ slot: PeriodPages.Slot) {
            if keys.last.map({ $0 < key }) ?? true {
                keys.append(key)
                slots.append(slot)
                return
            }
            let i = lowerBound(key)
            if keys[i] == key {
                slots[i].merge(slot)
            } else {
                keys.insert(key, at: i)
                slots.insert(slot, at: i)
            }
        }
    }

    private(set) var rows: [Cell: Row] = [:]
    /// Entries in all rows.
    private(set) var count = 0

    /// A rule's and group's key in a row: by rule, then by group as an
    /// unsigned number, so a rule's entries are adjacent and its own slot
    /// (group -1) comes last.
    @inline(__always)
    static func key(rule: Int16, group: Int32) -> UInt64 {
        UInt64(UInt16(bitPattern: rule)) << 32 | UInt64(UInt32(bitPattern: group))
    }

    static func rule(of key: UInt64) -> Int16 { Int16(bitPattern: UInt16(truncatingIfNeeded: key >> 32)) }
    static func group(of key: UInt64) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: key)) }

    /// The slot of a key, if it holds state.
    subscript(_ k: StateKey) -> PeriodPages.Slot? {
        rows[Cell(k)]?.slot(rule: k.rule, group: k.group)
    }

    func row(_ cell: Cell) -> Row? { rows[cell] }

    /// A rule's slots in the row of `k` (its rule, unit, version, period):
    /// when capped per field value, its values' (and those of the events
    /// without the field, `StateKey.aloneCapped`/`aloneRaw`), else its own.
    func entries(_ k: StateKey, perValue: Bool) -> [(group: Int32, slot: PeriodPages.Slot)] {
        rows[Cell(k)]?.entries(rule: k.rule, perValue: perValue) ?? []
    }


    /// Adds a slot's counts to a key's (made if new).
    mutating func add(_ k: StateKey, _ slot: PeriodPages.Slot) {
        count += Self.growth(of: &rows[Cell(k), default: Row()]) { $0.add(Self.key(rule: k.rule, group: k.group), slot) }
    }

    /// Adds a whole row's counts to a cell's, entry by entry (`row` in key order).
    mutating func add(_ row: Row, at cell: Cell) {
        guard !row.keys.isEmpty else { return }
        count += Self.growth(of: &rows[cell, default: Row()]) { $0 = $0.keys.isEmpty ? row : Self.merged($0, row) }
    }

    private static func growth(of row: inout Row, _ change: (inout Row) -> Void) -> Int {
        let before = row.keys.count
        change(&row)
        return row.keys.count - before
    }

    /// Two rows in key order as one: one pass over both.
    static func merged(_ a: Row, _ b: Row) -> Row {
        var out = Row()
        out.keys.reserveCapacity(a.keys.count + b.keys.count)
        out.slots.reserveCapacity(a.keys.count + b.keys.count)
        var (i, j) = (0, 0)
        while i < a.keys.count || j < b.keys.count {
            if j == b.keys.count || (i < a.keys.count && a.keys[i] < b.keys[j]) {
                out.keys.append(a.keys[i]); out.slots.append(a.slots[i]); i += 1
            } else if i == a.keys.count || b.keys[j] < a.keys[i] {
                out.keys.append(b.keys[j]); out.slots.append(b.slots[j]); j += 1
            } else {
                var s = a.slots[i]
                s.merge(b.slots[j])
                out.keys.append(a.keys[i]); out.slots.append(s); i += 1; j += 1
            }
        }
        return out
    }

    /// Every entry, row by row (in no particular order of rows).
    func forEach(_ body: (StateKey, PeriodPages.Slot) -> Void) {
        for (cell, row) in rows {
            for i in row.keys.indices {
                let key = row.keys[i]
                body(StateKey(unit: cell.unit, version: cell.version, rule: Self.rule(of: key), period: cell.period, group: Self.group(of: key)), row.slots[i])
            }
        }
    }

    /// Adds another table's state, its units and groups renumbered by `unit` and `group`.
    mutating func merge(_ other: StateTable, unit: (Int32) -> Int32, group: (Int32) -> Int32) {
        rows.reserveCapacity(rows.count + other.rows.count)
        for (cell, row) in other.rows {
            var place = cell
            place.unit = unit(cell.unit)
            var renumbered = row
            var regrouped = false
            for i in row.keys.indices where Self.group(of: row.keys[i]) >= 0 {
                renumbered.keys[i] = Self.key(rule: Self.rule(of: row.keys[i]), group: group(Self.group(of: row.keys[i])))
                regrouped = true
            }
            if regrouped {
                // New group numbers may change the order within a rule.
                let order = renumbered.keys.indices.sorted { renumbered.keys[$0] < renumbered.keys[$1] }
                renumbered = Row(keys: order.map { renumbered.keys[$0] }, slots: order.map { renumbered.slots[$0] })
            }
            add(renumbered, at: place)
        }
    }
}
