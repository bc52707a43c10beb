/// Guesses the next key of a JSON record from the one before it (lines of
/// one log mostly list their keys in the same order) and checks the guess
/// by the words of the name and its closing quote (`ByteTable.words`), so
/// the usual key costs neither a scan for its end nor a hash lookup. A
/// wrong guess costs the compare; the scanner then looks the key up and
/// learns.
///
/// Reads up to 8 bytes from a key's start (the caller's padding).
struct KeyPredictor {
    /// The memory of a predictor: per field, its name's words; per previous key, the guess.
    final class Storage {
        let first: UnsafeMutablePointer<UInt64>
        let last: UnsafeMutablePointer<UInt64>
        let length: UnsafeMutablePointer<Int>
        let next: UnsafeMutablePointer<Int32>
        let count: Int

        /// `names`: the declared fields' names, in field order.
        init(names: [[UInt8]]) {
            count = names.count
            first = .allocate(capacity: max(count, 1))
            last = .allocate(capacity: max(count, 1))
            length = .allocate(capacity: max(count, 1))
            next = .allocate(capacity: count + 2)
            next.initialize(repeating: -1, count: count + 2)
            for (f, name) in names.enumerated() {
                // The name and its closing quote; names that need escaping in JSON, or long ones, are never guessed.
                let pattern = name + [UInt8(ascii: "\"")]
                let plain = !name.contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }
                length[f] = plain && pattern.count <= 16 ? pattern.count : 0
                let padded = pattern + [UInt8](repeating: 0, count: 8)
                (first[f], last[f]) = padded.withUnsafeBufferPointer { ByteTable.words($0.baseAddress!, pattern.count) }
            }
        }

        deinit {
            first.deallocate()
            last.deallocate()
            length.deallocate()
            next.deallocate()
        }
    }

    let first: UnsafeMutablePointer<UInt64>
    let last: UnsafeMutablePointer<UInt64>
    let length: UnsafeMutablePointer<Int>
    /// The guess after the start of a record (slot 0), after field f (slot f + 1), after an undeclared key (the last slot).
    let next: UnsafeMutablePointer<Int32>
    let afterUnknown: Int32

    init(_ s: Storage) {
        (first, last, length, next) = (s.first, s.last, s.length, s.next)
        afterUnknown = Int32(s.count)
    }

    /// The field whose name (and closing quote) starts at `p[s]` if it is the
    /// guess after `previous` (-1: the record's start), else nil.
    @inline(__always)
    func guess(after previous: Int32, _ p: UnsafePointer<UInt8>, _ s: Int, _ n: Int) -> Int? {
        let g = Int(next[Int(previous + 1)])
        guard g >= 0 else { return nil }
        let len = length[g]
        guard len > 0, s + len <= n else { return nil }
        let (first, last) = ByteTable.words(p + s, len)
        return first == self.first[g] && last == self.last[g] ? g : nil
    }

    /// Remembers that `field` (-1: an undeclared key) came after `previous`.
    @inline(__always)
    func learn(after previous: Int32, _ field: Int32) {
        next[Int(previous + 1)] = field
    }
}
