/// A small open-addressing map from byte strings to integers, for the hot
/// path: field names, type names, enum values and unit names are looked up
/// by their bytes, without building a `String` per event.
struct ByteTable {
    private var keys: [[UInt8]?]
    private var values: [Int32]
    private var hashes: [UInt64]
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 16) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        keys = Array(repeating: nil, count: n)
        values = Array(repeating: 0, count: n)
        hashes = Array(repeating: 0, count: n)
        mask = n - 1
    }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<n { h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// The value for the bytes `p[0..<n]`, or nil.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        let h = Self.hash(p, n)
        var i = Int(truncatingIfNeeded: h) & mask
        while let k = keys[i] {
            if hashes[i] == h, k.count == n, k.withUnsafeBufferPointer({ memcmp($0.baseAddress!, p, n) == 0 }) { return values[i] }
            i = (i + 1) & mask
        }
        return nil
    }

    mutating func insert(_ key: [UInt8], _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        let h = key.withUnsafeBufferPointer { Self.hash($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, key.count) }
        var i = Int(truncatingIfNeeded: h) & mask
        while let k = keys[i] {
            if hashes[i] == h && k == key { values[i] = value; return }
            i = (i + 1) & mask
        }
        keys[i] = key
        values[i] = value
        hashes[i] = h
        count += 1
    }

    private mutating func grow() {
        let old = zip(keys, values).compactMap { k, v in k.map { ($0, v) } }
        var bigger = ByteTable(capacity: keys.count)
        for (k, v) in old { bigger.insert(k, v) }
        self = bigger
    }
}

#if canImport(Glibc)
import Glibc
#endif
