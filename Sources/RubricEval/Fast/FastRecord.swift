/// Where each declared field's value sits in the current line, as the fast
/// scanners find it. Reused for every line: no allocation per event. The
/// spans live in raw memory owned by a `Storage`, so writing one is a
/// plain store (no copy-on-write check); a field's kind and span are
/// meaningful only when its bit is set in `present`.
struct FastRecord {
    enum Kind: UInt8 {
        case absent = 0, text, number, bool, null
    }

    /// The memory behind a record; it lives as long as the worker that owns it.
    final class Storage {
        let start: UnsafeMutablePointer<Int32>
        let end: UnsafeMutablePointer<Int32>
        let kind: UnsafeMutablePointer<Kind>
        let unknown: UnsafeMutablePointer<(Int32, Int32)>

        init(fields: Int) {
            let n = max(fields, 1)
            start = .allocate(capacity: n)
            start.initialize(repeating: 0, count: n)
            end = .allocate(capacity: n)
            end.initialize(repeating: 0, count: n)
            kind = .allocate(capacity: n)
            kind.initialize(repeating: .absent, count: n)
            unknown = .allocate(capacity: FastRecord.maxUnknownKeys)
            unknown.initialize(repeating: (0, 0), count: FastRecord.maxUnknownKeys)
        }

        deinit {
            start.deallocate()
            end.deallocate()
            kind.deallocate()
            unknown.deallocate()
        }
    }

    /// Lines with more keys that are not declared fields take the general path.
    static let maxUnknownKeys = 16

    let start: UnsafeMutablePointer<Int32>
    let end: UnsafeMutablePointer<Int32>
    let kind: UnsafeMutablePointer<Kind>
    /// Spans of keys that are not declared fields (to catch duplicates).
    let unknown: UnsafeMutablePointer<(Int32, Int32)>
    var unknownCount = 0
    /// Bit i set: field i appeared (even as null).
    var present: UInt64 = 0
    /// Bit i set: field i is a string with escapes (its bytes are not its value).
    var escaped: UInt64 = 0

    init(_ s: Storage) {
        (start, end, kind, unknown) = (s.start, s.end, s.kind, s.unknown)
    }

    @inline(__always)
    mutating func reset() {
        present = 0
        escaped = 0
        unknownCount = 0
    }

    @inline(__always)
    mutating func set(_ f: Int, _ s: Int, _ e: Int, _ k: Kind) {
        present |= UInt64(1) << UInt64(f)
        start[f] = Int32(truncatingIfNeeded: s)
        end[f] = Int32(truncatingIfNeeded: e)
        kind[f] = k
    }

    /// Whether field `f` is present with this kind.
    @inline(__always)
    func has(_ f: Int, _ k: Kind) -> Bool {
        present & (UInt64(1) << UInt64(f)) != 0 && kind[f] == k
    }
}
