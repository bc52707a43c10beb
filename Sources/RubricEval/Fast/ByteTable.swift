#if canImport(Glibc)
import Glibc
#endif

/// A small open-addressing map from byte strings (optionally tagged, e.g.
/// by the field an enum value belongs to) to integers, for the hot path:
/// field names, event types, enum values and unit names are looked up by
/// their bytes, without building a `String` per event.
///
/// A key is hashed from two machine words (its first and last eight bytes)
/// and its length, not byte by byte; keys up to 16 bytes are compared as
/// those two words, longer ones also by `memcmp`. Lookups therefore read
/// up to eight bytes past the end of a key shorter than eight bytes: the
/// caller guarantees they are readable (`ParallelReader` pads its buffer).
/// Storage is raw memory owned by the table, so a lookup touches no
/// reference-counted or copy-on-write storage; a `View` reads it without
/// even retaining the table.
final class ByteTable: @unchecked Sendable {
    struct Slot {
        var first: UInt64 = 0
        var last: UInt64 = 0
        /// Length + 1 (0: empty slot).
        var length: Int32 = 0
        var tag: Int32 = 0
        var value: Int32 = 0
        /// Offset of the whole key in `bytes` (used for keys longer than 16).
        var offset: Int32 = 0
    }

    private var slots: UnsafeMutablePointer<Slot>
    private var mask: Int
    /// The table's memory as it is now (until the next insert).
    private(set) var view: View
    /// Every key's bytes, one after another.
    private var bytes: UnsafeMutablePointer<UInt8>
    private var used = 0, reserved = 256
    private(set) var count = 0

    init(capacity: Int = 16) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        slots = .allocate(capacity: n)
        slots.initialize(repeating: Slot(), count: n)
        mask = n - 1
        bytes = .allocate(capacity: reserved)
        view = View(slots: slots, mask: mask, bytes: bytes)
    }

    deinit {
        slots.deallocate()
        bytes.deallocate()
    }

    /// The first and last eight bytes of `p[0..<n]` (for n < 8: the n bytes, zero-extended).
    @inline(__always)
    static func words(_ p: UnsafePointer<UInt8>, _ n: Int) -> (UInt64, UInt64) {
        let raw = UnsafeRawPointer(p)
        if n >= 8 {
            return (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        }
        // The first byte is the lowest one on any platform.
        let w = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        return (w & (UInt64.max >> UInt64(64 - 8 * n)), 0)
    }

    /// A 128-bit product of the two words (salted with the length and the
    /// tag), folded: every output bit depends on every input bit, so keys
    /// that differ only in their last bytes (`unit 0021`, `unit 0022`) spread.
    @inline(__always)
    static func hash(_ first: UInt64, _ last: UInt64, _ n: Int, _ tag: Int32) -> UInt64 {
        let a = first ^ 0xA076_1D64_78BD_642F ^ UInt64(truncatingIfNeeded: n)
        let b = last ^ 0xE703_7ED1_A0B4_28DB ^ UInt64(UInt32(bitPattern: tag)) << 32
        let (hi, lo) = a.multipliedFullWidth(by: b)
        return hi ^ lo
    }

    /// The value for the bytes `p[0..<n]` under `tag`, or nil.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int, tag: Int32 = 0) -> Int32? { view.lookup(p, n, tag: tag) }

    /// A table's memory, to read without retaining the table; valid while
    /// the table lives and nothing is inserted.
    struct View {
        let slots: UnsafeMutablePointer<Slot>
        let mask: Int
        let bytes: UnsafeMutablePointer<UInt8>

        /// The value for the bytes `p[0..<n]` under `tag`, or nil.
        @inline(__always)
        func lookup(_ p: UnsafePointer<UInt8>, _ n: Int, tag: Int32 = 0) -> Int32? {
            let (first, last) = ByteTable.words(p, n)
            var i = Int(truncatingIfNeeded: ByteTable.hash(first, last, n, tag)) & mask
            let length = Int32(truncatingIfNeeded: n &+ 1)
            while true {
                let s = slots[i]
                if s.length == 0 { return nil }
                if s.length == length, s.first == first, s.last == last, s.tag == tag,
                   n <= 16 || memcmp(bytes + Int(s.offset) + 8, p + 8, n - 16) == 0 {
                    return s.value
                }
                i = (i + 1) & mask
            }
        }
    }

    /// Adds or replaces `key` under `tag`.
    func insert(_ key: [UInt8], _ value: Int32, tag: Int32 = 0) {
        if (count + 1) * 2 > mask + 1 { grow() }
        // Eight bytes of padding so `words` may read past a short key.
        let padded = key + [UInt8](repeating: 0, count: 8)
        let (first, last) = padded.withUnsafeBufferPointer { Self.words($0.baseAddress!, key.count) }
        var i = Int(truncatingIfNeeded: Self.hash(first, last, key.count, tag)) & mask
        let length = Int32(key.count + 1)
        while slots[i].length != 0 {
            let s = slots[i]
            if s.length == length, s.tag == tag, memcmp(bytes + Int(s.offset), key, key.count) == 0 {
                slots[i].value = value
                return
            }
            i = (i + 1) & mask
        }
        if used + key.count > reserved {
            while used + key.count > reserved { reserved *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: reserved)
            bigger.update(from: bytes, count: used)
            bytes.deallocate()
            bytes = bigger
        }
        (bytes + used).update(from: key, count: key.count)
        slots[i] = Slot(first: first, last: last, length: length, tag: tag, value: value, offset: Int32(used))
        used += key.count
        count += 1
        view = View(slots: slots, mask: mask, bytes: bytes)
    }

    private func grow() {
        let old = slots, oldSize = mask + 1
        let n = oldSize * 2
        slots = .allocate(capacity: n)
        slots.initialize(repeating: Slot(), count: n)
        mask = n - 1
        for k in 0..<oldSize where old[k].length != 0 {
            let s = old[k]
            var i = Int(truncatingIfNeeded: Self.hash(s.first, s.last, Int(s.length) - 1, s.tag)) & mask
            while slots[i].length != 0 { i = (i + 1) & mask }
            slots[i] = s
        }
        old.deallocate()
        view = View(slots: slots, mask: mask, bytes: bytes)
    }
}
