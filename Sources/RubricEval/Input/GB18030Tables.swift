#if canImport(Glibc)
import Glibc
#endif

/// GB18030 to UTF-8 by table, for whole blocks of a file: the mapping is
/// read once from the C library's iconv (so it is iconv's, code for code),
/// then each character costs a lookup instead of a call. Anything the
/// tables do not map makes the block fail; the caller then decodes it line
/// by line with iconv, which words the rejection.
final class GB18030Tables: Sendable {
    /// Two-byte codes: lead 0x81-0xFE, trail 0x40-0x7E or 0x80-0xFE, at
    /// `(lead - 0x81) * 191 + (trail - 0x40)`; 0 where iconv maps nothing.
    private let twoByte: [UInt32]
    /// Four-byte codes of the Basic Multilingual Plane (0x81308130-0x8431A439),
    /// by linear index; 0 where iconv maps nothing.
    private let fourByte: [UInt32]

    /// The tables, made on first use (about 65,000 iconv calls); nil without iconv's GB18030.
    static let shared: GB18030Tables? = GB18030Tables()

    private init?() {
        let cd = iconv_open("UTF-32LE", "GB18030")
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        func scalar(_ bytes: [UInt8]) -> UInt32 {
            iconv(cd, nil, nil, nil, nil)
            var input = bytes
            var output = [UInt8](repeating: 0, count: 8)
            let ok: Bool = input.withUnsafeMutableBytes { i in
                output.withUnsafeMutableBytes { o in
                    var ip: UnsafeMutablePointer<CChar>? = i.baseAddress!.assumingMemoryBound(to: CChar.self)
                    var op: UnsafeMutablePointer<CChar>? = o.baseAddress!.assumingMemoryBound(to: CChar.self)
                    var il = i.count, ol = o.count
                    return iconv(cd, &ip, &il, &op, &ol) != -1 && il == 0 && ol == 4
                }
            }
            guard ok else { return 0 }
            return UInt32(output[0]) | UInt32(output[1]) << 8 | UInt32(output[2]) << 16 | UInt32(output[3]) << 24
        }
        var two = [UInt32](repeating: 0, count: 126 * 191)
        for lead in 0x81...0xFE {
            for trail in 0x40...0xFE where trail != 0x7F {
                two[(lead - 0x81) * 191 + (trail - 0x40)] = scalar([UInt8(lead), UInt8(trail)])
            }
        }
        var four = [UInt32](repeating: 0, count: Self.bmpFourByteCount)
        for i in 0..<Self.bmpFourByteCount {
            four[i] = scalar(Self.fourBytes(linear: i, base: 0x81))
        }
        twoByte = two
        fourByte = four
    }

    /// Four-byte codes from 0x81308130 to 0x8431A439.
    static let bmpFourByteCount = 39420

    static func fourBytes(linear i: Int, base: Int) -> [UInt8] {
        [UInt8(base + i / 12600), UInt8(0x30 + i / 1260 % 10), UInt8(0x81 + i / 10 % 126), UInt8(0x30 + i % 10)]
    }

    /// `input` as UTF-8 appended to `output`; false (output unspecified) at
    /// the first byte sequence the tables do not map.
    func transcode(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) -> Bool {
        output.removeAll(keepingCapacity: true)
        output.reserveCapacity(input.count * 3 / 2 + 16)
        guard let base = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
        let n = input.count
        var i = 0
        return twoByte.withUnsafeBufferPointer { two in
            fourByte.withUnsafeBufferPointer { four in
                while i < n {
                    if i + 8 <= n {
                        let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                        if w & 0x8080_8080_8080_8080 == 0 {
                            output.append(contentsOf: UnsafeBufferPointer(start: base + i, count: 8))
                            i += 8
                            continue
                        }
                    }
                    let b0 = base[i]
                    if b0 < 0x80 { output.append(b0); i += 1; continue }
                    guard b0 >= 0x81, b0 <= 0xFE, i + 1 < n else { return false }
                    let b1 = base[i + 1]
                    var scalar: UInt32 = 0
                    if b1 >= 0x40 && b1 != 0x7F && b1 <= 0xFE {
                        scalar = two[(Int(b0) - 0x81) * 191 + Int(b1) - 0x40]
                        i += 2
                    } else if b1 >= 0x30 && b1 <= 0x39 {
                        guard i + 3 < n else { return false }
                        let b2 = base[i + 2], b3 = base[i + 3]
                        guard b2 >= 0x81, b2 <= 0xFE, b3 >= 0x30, b3 <= 0x39 else { return false }
                        let linear = ((Int(b0) - 0x81) * 10 + Int(b1) - 0x30) * 1260 + (Int(b2) - 0x81) * 10 + Int(b3) - 0x30
                        if linear < GB18030Tables.bmpFourByteCount {
                            scalar = four[linear]
                        } else if b0 >= 0x90 && b0 <= 0xE3 {
                            let supplementary = ((Int(b0) - 0x90) * 10 + Int(b1) - 0x30) * 1260 + (Int(b2) - 0x81) * 10 + Int(b3) - 0x30
                            if supplementary <= 0xFFFFF { scalar = UInt32(0x10000 + supplementary) }
                        }
                        i += 4
                    }
                    guard scalar != 0 else { return false }
                    Self.appendUTF8(scalar, &output)
                }
                return true
            }
        }
    }

    @inline(__always)
    static func appendUTF8(_ s: UInt32, _ out: inout [UInt8]) {
        if s < 0x80 {
            out.append(UInt8(s))
        } else if s < 0x800 {
            out.append(UInt8(0xC0 | s >> 6)); out.append(UInt8(0x80 | s & 0x3F))
        } else if s < 0x10000 {
            out.append(UInt8(0xE0 | s >> 12)); out.append(UInt8(0x80 | s >> 6 & 0x3F)); out.append(UInt8(0x80 | s & 0x3F))
        } else {
            out.append(UInt8(0xF0 | s >> 18)); out.append(UInt8(0x80 | s >> 12 & 0x3F))
            out.append(UInt8(0x80 | s >> 6 & 0x3F)); out.append(UInt8(0x80 | s & 0x3F))
        }
    }
}
