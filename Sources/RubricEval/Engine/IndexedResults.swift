import Foundation

/// One result per index, each written once by whichever thread worked it
/// out and read once all are done: the parts of a file (`ParallelReader`),
/// the periods of a rubric (`Finalizer`).
final class IndexedResults<T>: @unchecked Sendable {
    private var values: [T?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: T) { lock.lock(); values[i] = value; lock.unlock() }

    /// The result at `i`, which must have been set.
    func get(_ i: Int) -> T { lock.lock(); defer { lock.unlock() }; return values[i]! }
}
