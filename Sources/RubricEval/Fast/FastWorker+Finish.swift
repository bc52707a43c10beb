import RubricSyntax

/// What one worker read: its state, its rejects (line numbers within their
/// blocks) and where it first saw each unit.
struct WorkerResult {
    var accumulator: Accumulator
    var rejects: [Reject]
    var rejectBlocks: [Int]
    var firstSeen: [(position: Int64, name: String)]

    /// The workers' results as the state of one file. `lineBase[b]` is the
    /// number of lines before block `b`; units are taken in the order the
    /// file first shows them (so the spelling shown is the file's first, at
    /// any thread count), rejects in file order.
    static func merge(_ results: [WorkerResult], lineBase: [Int], name: String) -> Evaluator.Partial {
        // The largest part's state is taken as it is and the others added to it.
        let largest = results.indices.max { results[$0].accumulator.slots.count < results[$1].accumulator.slots.count }
        var acc = largest.map { results[$0].accumulator } ?? Accumulator()
        var rejects: [(block: Int, reject: Reject)] = []
        for (i, r) in results.enumerated() {
            if i != largest { acc.merge(r.accumulator) }
            for (b, reject) in zip(r.rejectBlocks, r.rejects) {
                var placed = reject
                placed.line += lineBase[b]
                rejects.append((b, placed))
            }
        }
        // Stable: a block's rejects come from one worker, in line order.
        rejects.sort { $0.block < $1.block }
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
    /// The scorer's state, this worker's rejects and first sightings.
    func finish() -> WorkerResult {
        WorkerResult(accumulator: scorer.finish(), rejects: rejects, rejectBlocks: rejectBlocks, firstSeen: scorer.firstSeen)
    }
}
