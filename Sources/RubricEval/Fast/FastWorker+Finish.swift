import RubricSyntax

/// What one worker read: its state, its rejects (line numbers within their
/// blocks) and where it first saw each unit.
struct WorkerResult {
    var accumulator: Accumulator
    var rejects: [Reject]
    var rejectBlocks: [Int]
    var firstSeen: [(position: Int64, name: String)]
    /// Each of the accumulator's contributions' block.
    var contributionBlocks: [Int]

    /// The workers' results as the state of one file. `lineBase[b]` is the
    /// number of lines before block `b`; units are taken in the order the
    /// file first shows them (so the spelling shown is the file's first, at
    /// any thread count), rejects in file order.
    static func merge(_ results: [WorkerResult], lineBase: [Int], name: String) -> Evaluator.Partial {
        // The largest part's state is taken as it is and the others added to it.
        let largest = results.indices.max { results[$0].accumulator.slots.count < results[$1].accumulator.slots.count }
        var acc = largest.map { results[$0].accumulator } ?? Accumulator()
        var rejects: [(block: Int, reject: Reject)] = []
        // Contributions (kept for explanations) in file order, an event's rules in their order:
        // parts come in order (sorted only when a stream's blocks went to workers in turn).
        var contributions: [Contribution] = []
        contributions.reserveCapacity(results.reduce(0) { $0 + $1.accumulator.contributions.count })
        var inOrder = true
        for (i, r) in results.enumerated() {
            for (b, c) in zip(r.contributionBlocks, r.accumulator.contributions) {
                var placed = c
                placed.line += lineBase[b]
                if let last = contributions.last, last.line > placed.line { inOrder = false }
                contributions.append(placed)
            }
            if i != largest { acc.merge(r.accumulator) }
            for (b, reject) in zip(r.rejectBlocks, r.rejects) {
                var placed = reject
                placed.line += lineBase[b]
                rejects.append((b, placed))
            }
        }
        // Stable: a block's rejects come from one worker, in line order.
        rejects.sort { $0.block < $1.block }
        if !inOrder {
            // Stable: by line, then as they came.
            let order = contributions.indices.sorted { (contributions[$0].line, $0) < (contributions[$1].line, $1) }
            contributions = order.map { contributions[$0] }
        }
        acc.contributions = contributions
        // Each unit is shown as the file first spells it (NFC and NFD spellings are one unit).
        var spelled = Set<Int32>()
        for s in results.flatMap(\.firstSeen).sorted(by: { $0.position < $1.position }) {
            guard let id = acc.unitIds[s.name], spelled.insert(id).inserted else { continue }
            acc.unitNames[Int(id)] = s.name
        }
        return Evaluator.Partial(accumulator: acc, rejects: rejects.map(\.reject), names: [name])
    }
}

extension FastWorker {
    /// The scorer's state, this worker's rejects, first sightings and contributions' blocks.
    mutating func finish() -> WorkerResult {
        tagContributions()
        return WorkerResult(accumulator: scorer.finish(), rejects: rejects, rejectBlocks: rejectBlocks, firstSeen: scorer.firstSeen,
                            contributionBlocks: contributionBlocks)
    }

    /// Notes the current block as that of the contributions kept since the last note.
    mutating func tagContributions() {
        let n = scorer.contributions.count - contributionBlocks.count
        if n > 0 { contributionBlocks += repeatElement(block, count: n) }
    }
}
