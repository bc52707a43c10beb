/// A small open-addressing map from byte strings to integers, for the hot
/// path: field names, type names, enum values and unit names are looked up
/// by their bytes, without building a `String` per event. Keys live in one
/// flat byte buffer, so a lookup touches no reference-counted storage.
struct ByteTable {
    private var bytes: [UInt8] = []
    /// Per slot: offset into `bytes` + 1 (0 = empty), length, value, hash.
    private var offsets: [Int32]
    private var lengths: [Int32]
    private var values: [Int32]
    private var hashes: [UInt64]
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 16) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        offsets = Array(repeating: 0, count: n)
        lengths = Array(repeating: 0, count: n)
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
        return offsets.withUnsafeBufferPointer { off in
            lengths.withUnsafeBufferPointer { len in
                hashes.withUnsafeBufferPointer { hs in
                    bytes.withUnsafeBufferPointer { b in
                        var i = Int(truncatingIfNeeded: h) & mask
                        while off[i] != 0 {
                            if hs[i] == h, Int(len[i]) == n, n == 0 || memcmp(b.baseAddress! + Int(off[i] - 1), p, n) == 0 {
                                return values[i]
                            }
                            i = (i + 1) & mask
                        }
                        return nil
                    }
                }
            }
        }
    }

    mutating func insert(_ key: [UInt8], _ value: Int32) {
        if (count + 1) * 2 > offsets.count { grow() }
        let h = key.withUnsafeBufferPointer { Self.hash($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, key.count) }
        var i = Int(truncatingIfNeeded: h) & mask
        while offsets[i] != 0 {
            if hashes[i] == h && Int(lengths[i]) == key.count && Array(bytes[Int(offsets[i] - 1)..<Int(offsets[i] - 1) + key.count]) == key {
                values[i] = value
                return
            }
            i = (i + 1) & mask
        }
        offsets[i] = Int32(bytes.count + 1)
        lengths[i] = Int32(key.count)
        bytes.append(contentsOf: key)
        values[i] = value
        hashes[i] = h
        count += 1
    }

    private mutating func grow() {
        var bigger = ByteTable(capacity: offsets.count)
        for i in offsets.indices where offsets[i] != 0 {
            let start = Int(offsets[i] - 1)
            bigger.insert(Array(bytes[start..<start + Int(lengths[i])]), values[i])
        }
        self = bigger
    }
}

#if canImport(Glibc)
import Glibc
#endif
