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
        var acc = Accumulator()
        for s in results.flatMap(\.firstSeen).sorted(by: { $0.position < $1.position }) { _ = acc.unitId(s.name) }
        var rejects: [(block: Int, reject: Reject)] = []
        for r in results {
            acc.merge(r.accumulator)
            for (b, reject) in zip(r.rejectBlocks, r.rejects) {
                var placed = reject
                placed.line += lineBase[b]
                rejects.append((b, placed))
            }
        }
        // Stable: a block's rejects come from one worker, in line order.
        rejects.sort { $0.block < $1.block }
        return Evaluator.Partial(accumulator: acc, rejects: rejects.map(\.reject), names: [name])
    }
}

extension FastWorker {
    /// The scorer's state, this worker's rejects and first sightings.
    func finish() -> WorkerResult {
        WorkerResult(accumulator: scorer.finish(), rejects: rejects, rejectBlocks: rejectBlocks, firstSeen: scorer.firstSeen)
    }
}
