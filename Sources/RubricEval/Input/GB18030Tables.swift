#if canImport(Glibc)
import Glibc
#endif

/// GB18030 to UTF-8 by table, for whole blocks of a file: the mapping is
/// read once from the C library's iconv (so it is iconv's, code for code),
/// then each character costs a lookup instead of a call. Anything the
/// tables do not map makes the block fail; the caller then decodes it line
/// by line with iconv, which words the rejection.
final class GB18030Tables: Sendable {
    /// The UTF-8 of each two-byte code, packed (`pack`): lead 0x81-0xFE,
    /// trail 0x40-0x7E or 0x80-0xFE, at `(lead - 0x81) * 192 + (trail - 0x40)`;
    /// 0 where iconv maps nothing, and for the trails 0x7F and 0xFF (no
    /// codes): a lead and any byte from 0x40 up index it without more tests.
    private let twoByte: [UInt32]
    /// The same for the four-byte codes of the Basic Multilingual Plane
    /// (0x81308130-0x8431A439), by linear index.
    private let fourByte: [UInt32]

    /// The tables, made on first use (about 65,000 iconv calls); nil without iconv's GB18030.
    static let shared: GB18030Tables? = GB18030Tables()

    private init?() {
        let cd = iconv_open("UTF-32LE", "GB18030")
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        // One input and one output buffer for the 65,000 calls (an array each per call cost most of the time).
        let input = UnsafeMutablePointer<CChar>.allocate(capacity: 4), output = UnsafeMutablePointer<UInt32>.allocate(capacity: 2)
        defer { input.deallocate(); output.deallocate() }
        func scalar(_ count: Int) -> UInt32 {
            iconv(cd, nil, nil, nil, nil)
            var ip: UnsafeMutablePointer<CChar>? = input
            var op: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(output).assumingMemoryBound(to: CChar.self)
            var il = count, ol = 8
            guard iconv(cd, &ip, &il, &op, &ol) != -1, il == 0, ol == 4 else { return 0 }
            return UInt32(littleEndian: output.pointee)
        }
        var two = [UInt32](repeating: 0, count: 126 * 192)
        for lead in 0x81...0xFE {
            for trail in 0x40...0xFE where trail != 0x7F {
                input[0] = CChar(bitPattern: UInt8(lead))
                input[1] = CChar(bitPattern: UInt8(trail))
                two[Self.twoByteIndex(lead: lead, trail: trail)] = scalar(2)
            }
        }
        var four = [UInt32](repeating: 0, count: Self.bmpFourByteCount)
        for i in 0..<Self.bmpFourByteCount {
            UnsafeMutableRawPointer(input).storeBytes(of: Self.fourByteCode(linear: i, base: 0x81).littleEndian, as: UInt32.self)
            four[i] = scalar(4)
        }
        twoByte = two.map(Self.pack)
        fourByte = four.map(Self.pack)
    }

    /// Where a two-byte code is in `twoByte` (lead 0x81-0xFE, trail 0x40-0xFF).
    @inline(__always)
    static func twoByteIndex(lead: Int, trail: Int) -> Int { (lead &- 0x81) &* 192 &+ (trail &- 0x40) }

    /// Four-byte codes from 0x81308130 to 0x8431A439.
    static let bmpFourByteCount = 39420

    static func fourBytes(linear i: Int, base: Int) -> [UInt8] {
        withUnsafeBytes(of: fourByteCode(linear: i, base: base).littleEndian) { Array($0) }
    }

    /// The four bytes of a code by linear index, first byte lowest.
    static func fourByteCode(linear i: Int, base: Int) -> UInt32 {
        UInt32(base + i / 12600) | UInt32(0x30 + i / 1260 % 10) << 8 | UInt32(0x81 + i / 10 % 126) << 16 | UInt32(0x30 + i % 10) << 24
    }

    /// A scalar as its UTF-8 bytes, first byte lowest, with their count in
    /// the top byte (so one unaligned store writes them and the count says
    /// how far to go on); 0 stays 0. Four bytes do not fit beside their
    /// count: a scalar beyond the Basic Multilingual Plane (a few two-byte
    /// codes map there) is kept as itself with the count 4.
    static func pack(_ s: UInt32) -> UInt32 {
        if s == 0 { return 0 }
        if s >= 0x10000 { return 4 << 24 | s }
        if s < 0x80 { return 1 << 24 | s }
        if s < 0x800 { return 2 << 24 | (0x80 | s & 0x3F) << 8 | (0xC0 | s >> 6) }
        return 3 << 24 | (0x80 | s & 0x3F) << 16 | (0x80 | s >> 6 & 0x3F) << 8 | (0xE0 | s >> 12)
    }

    /// Bytes of output that `transcode` may touch for `n` bytes of input: a
    /// two-byte code becomes at most three bytes, and the last store may
    /// write up to seven bytes past the text.
    static func capacity(for n: Int) -> Int { n + n / 2 + 8 }

    /// `input` as UTF-8 at the start of `output` (grown to
    /// `capacity(for:)` if shorter), and its length; nil (output
    /// unspecified) at the first byte sequence the tables do not map.
    /// Written a word at a time into raw memory: ASCII runs go eight bytes
    /// per store, a character one store of its packed bytes.
    func transcode(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) -> Int? {
        let needed = Self.capacity(for: input.count)
        // Grown in place: a buffer used again keeps its memory.
        if output.count < needed { output += repeatElement(0, count: needed - output.count) }
        guard let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        let n = input.count
        return output.withUnsafeMutableBytes { outBytes -> Int? in
            let out = outBytes.baseAddress!
            var i = 0, o = 0
            return twoByte.withUnsafeBufferPointer { two -> Int? in
                fourByte.withUnsafeBufferPointer { four -> Int? in
                    while i < n {
                        let b0 = base[i]
                        if b0 < 0x80 {
                            if i + 8 <= n {
                                // The ASCII bytes before the first byte with its high bit set, in one store.
                                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                                out.storeBytes(of: w, toByteOffset: o, as: UInt64.self)
                                let high = UInt64(littleEndian: w) & 0x8080_8080_8080_8080
                                let ascii = high == 0 ? 8 : high.trailingZeroBitCount >> 3
                                i += ascii
                                o += ascii
                            } else {
                                out.storeBytes(of: b0, toByteOffset: o, as: UInt8.self)
                                i += 1
                                o += 1
                            }
                            continue
                        }
                        guard b0 >= 0x81, b0 <= 0xFE, i + 1 < n else { return nil }
                        // A run of two-byte codes (Chinese text): a lookup and a store each.
                        let start = i
                        while i + 1 < n {
                            let lead = Int(base[i]), trail = Int(base[i + 1])
                            guard UInt(bitPattern: lead &- 0x81) < 126, UInt(bitPattern: trail &- 0x40) < 192 else { break }
                            let code = two[Self.twoByteIndex(lead: lead, trail: trail)]
                            guard code != 0, code >> 24 < 4 else { break }
                            out.storeBytes(of: code.littleEndian, toByteOffset: o, as: UInt32.self)
                            o += Int(code >> 24)
                            i += 2
                        }
                        if i != start { continue }
                        let b1 = base[i + 1]
                        var packed: UInt32 = 0
                        if b1 >= 0x40 {
                            packed = two[Self.twoByteIndex(lead: Int(b0), trail: Int(b1))]
                            i += 2
                        } else if b1 >= 0x30 && b1 <= 0x39 {
                            guard i + 3 < n else { return nil }
                            let b2 = base[i + 2], b3 = base[i + 3]
                            guard b2 >= 0x81, b2 <= 0xFE, b3 >= 0x30, b3 <= 0x39 else { return nil }
                            let linear = ((Int(b0) - 0x81) * 10 + Int(b1) - 0x30) * 1260 + (Int(b2) - 0x81) * 10 + Int(b3) - 0x30
                            i += 4
                            if linear < GB18030Tables.bmpFourByteCount {
                                packed = four[linear]
                            } else if b0 >= 0x90 && b0 <= 0xE3 {
                                let supplementary = ((Int(b0) - 0x90) * 10 + Int(b1) - 0x30) * 1260 + (Int(b2) - 0x81) * 10 + Int(b3) - 0x30
                                guard supplementary <= 0xFFFFF else { return nil }
                                packed = 4 << 24 | UInt32(0x10000 + supplementary)
                            }
                        }
                        guard packed != 0 else { return nil }
                        if packed >> 24 == 4 {
                            let s = packed & 0x1F_FFFF
                            packed = (0x80 | s & 0x3F) << 24 | (0x80 | s >> 6 & 0x3F) << 16 | (0x80 | s >> 12 & 0x3F) << 8 | (0xF0 | s >> 18)
                            out.storeBytes(of: packed.littleEndian, toByteOffset: o, as: UInt32.self)
                            o += 4
                            continue
                        }
                        out.storeBytes(of: packed.littleEndian, toByteOffset: o, as: UInt32.self)
                        o += Int(packed >> 24)
                    }
                    return o
                }
            }
        }
    }
}
