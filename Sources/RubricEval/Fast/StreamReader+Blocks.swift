import Foundation

/// How blocks pass between the stream reader's threads: the blocks
/// themselves, the pool of buffers they are read into, the bounded queue
/// from the reading thread to the workers, and what the workers give back.
extension StreamReader {
    /// Whole lines of the input, with the workers' padding after them: as
    /// read, then made ready by the reading thread (`ready`). Its bytes go
    /// back to the pool (`BufferPool`) once a worker has read them.
    final class Block: @unchecked Sendable {
        let index: Int
        var bytes: [UInt8]
        var count: Int
        /// The lines are valid UTF-8 as a whole (checked, or what the GB18030 tables wrote).
        var checked = false
        /// The lines are GB18030 the shared tables could not map: the worker decodes them line by line.
        var undecoded = false

        /// `bytes`: the lines, then at least `FastWorker.padding` bytes.
        init(index: Int, bytes: [UInt8], count: Int) {
            self.index = index
            self.bytes = bytes
            self.count = count
        }
    }

    /// Buffers that blocks are read into, used again once read: the same
    /// few megabytes serve the whole input, and no block costs fresh pages
    /// from the kernel (their faults took a tenth of the reading thread).
    final class BufferPool: @unchecked Sendable {
        private var free: [[UInt8]] = []
        private let lock = NSLock()

        /// An empty buffer with room for `capacity` bytes: one used before if there is one.
        func take(capacity: Int) -> [UInt8] {
            lock.lock()
            var bytes = free.popLast() ?? []
            lock.unlock()
            // Reserved exactly, so that a block does not double its buffer for a few bytes more.
            if bytes.capacity < capacity { bytes.reserveCapacity(capacity) }
            return bytes
        }

        /// Takes back a block's bytes (the block no longer holds them, so they
        /// are not copied when used again). A buffer grown far past
        /// `keepUpTo` bytes for one long record is freed, not kept.
        func give(_ block: Block, keepUpTo: Int) {
            guard block.bytes.capacity <= 2 * keepUpTo else { block.bytes = []; return }
            give(&block.bytes)
        }

        /// Takes back a buffer (`buffer` is left empty, so its bytes are not copied when used again).
        func give(_ buffer: inout [UInt8]) {
            var bytes: [UInt8] = []
            swap(&bytes, &buffer)
            bytes.removeAll(keepingCapacity: true)
            lock.lock()
            free.append(bytes)
            lock.unlock()
        }
    }

    /// A value made on one thread and handed to the one worker that uses it.
    final class Handed<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }

    /// Blocks handed from the reading thread to the workers; `push` waits
    /// while the queue is full, so memory holds `capacity` blocks at most.
    final class BlockQueue: @unchecked Sendable {
        private var items: [Block] = []
        private var closed = false
        private let capacity: Int
        private let condition = NSCondition()

        init(capacity: Int) { self.capacity = capacity }

        func push(_ b: Block) {
            condition.lock()
            while items.count >= capacity { condition.wait() }
            items.append(b)
            condition.broadcast()
            condition.unlock()
        }

        /// The next block, or nil once the queue is closed and empty.
        func pop() -> Block? {
            condition.lock()
            defer { condition.unlock() }
            while items.isEmpty && !closed { condition.wait() }
            guard !items.isEmpty else { return nil }
            let b = items.removeFirst()
            condition.broadcast()
            return b
        }

        func close() {
            condition.lock()
            closed = true
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The workers' results and each block's line count.
    final class Collected: @unchecked Sendable {
        private var results: [WorkerResult?]
        private var counts: [Int] = []
        private let lock = NSLock()

        init(count: Int) { results = Array(repeating: nil, count: count) }

        func set(_ w: Int, _ r: WorkerResult) { lock.lock(); results[w] = r; lock.unlock() }

        func lines(_ block: Int, _ n: Int) {
            lock.lock()
            if counts.count <= block { counts += [Int](repeating: 0, count: block + 1 - counts.count) }
            counts[block] = n
            lock.unlock()
        }

        var all: [WorkerResult] { lock.lock(); defer { lock.unlock() }; return results.compactMap { $0 } }
        var lineCounts: [Int] { lock.lock(); defer { lock.unlock() }; return counts }
    }
}
