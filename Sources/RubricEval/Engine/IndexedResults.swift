import Foundation

/// One result per index, each written once by whichever thread worked it
/// out and read once all are done: the parts of a file (`ParallelReader`),
/// the periods of a rubric (`Finalizer`), the units of a report.
public final class IndexedResults<T>: @unchecked Sendable {
    private var values: [T?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: T) { lock.lock(); values[i] = value; lock.unlock() }

    /// The result at `i`, which must have been set.
    func get(_ i: Int) -> T { lock.lock(); defer { lock.unlock() }; return values[i]! }

    /// `body` of each index in `0..<count`, in index order: worked out side
    /// by side when `threads` is more than one, else one after the other.
    public static func map(_ count: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let results = IndexedResults(count: count)
        if threads > 1 && count > 1 {
            DispatchQueue.concurrentPerform(iterations: count) { results.set($0, body($0)) }
        } else {
            for i in 0..<count { results.set(i, body(i)) }
        }
        return (0..<count).map(results.get)
    }
}
