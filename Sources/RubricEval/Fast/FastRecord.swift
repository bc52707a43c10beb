/// Where each declared field's value sits in the current line, as the fast
/// scanners find it. Reused for every line: no allocation per event.
struct FastRecord {
    enum Kind: UInt8 {
        case absent = 0, text, number, bool, null
    }

    var start: [Int32]
    var end: [Int32]
    var kind: [Kind]
    /// Bit i set: field i appeared (even as null).
    var present: UInt64 = 0
    /// Spans of keys that are not declared fields (to catch duplicates).
    var unknownKeys: [(Int32, Int32)] = []

    init(fields: Int) {
        start = Array(repeating: 0, count: fields)
        end = Array(repeating: 0, count: fields)
        kind = Array(repeating: .absent, count: fields)
    }

    @inline(__always)
    mutating func reset() {
        if present != 0 {
            var p = present
            while p != 0 {
                let i = p.trailingZeroBitCount
                kind[i] = .absent
                p &= p - 1
            }
            present = 0
        }
        unknownKeys.removeAll(keepingCapacity: true)
    }
}
