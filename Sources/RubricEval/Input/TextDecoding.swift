import Foundation
import RubricSyntax
#if canImport(Glibc)
import Glibc
#endif

/// The text encoding of an events file.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8 unless the start of the file is not valid UTF-8, then GB18030.
    case auto
    case utf8 = "utf-8"
    /// What Excel on a Chinese Windows saves (a superset of GBK and GB2312).
    case gb18030
}

/// Decodes lines to `String`: UTF-8 directly, GB18030 through the C
/// library's iconv.
public final class LineDecoder {
    public let encoding: TextEncoding
    var converter: iconv_t?

    public init(encoding: TextEncoding) throws {
        self.encoding = encoding
        if encoding == .gb18030 {
            let cd = iconv_open("UTF-8", "GB18030")
            if cd == iconv_t(bitPattern: -1) { throw InputError(Message("input.gb18030-decoding-not-available")) }
            converter = cd
        }
    }

    /// A UTF-8 decoder (which needs no converter, so cannot fail to open).
    init() { encoding = .utf8 }

    deinit { if let converter { iconv_close(converter) } }

    /// Picks UTF-8 or GB18030 from a file's first bytes (a BOM means UTF-8).
    public static func detect(_ head: ArraySlice<UInt8>) -> TextEncoding {
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8 }
        // Line by line: GB18030 text is almost never valid UTF-8, and UTF-8
        // text with a damaged byte is still valid UTF-8 on its other lines.
        // So the file is UTF-8 unless most of its non-ASCII lines are not
        // (once one bad byte made a UTF-8 file GB18030, and its units were
        // scored under garbled names); a line that is not valid in the
        // chosen encoding is then rejected with its line number.
        var valid = 0, invalid = 0
        var lines = head.split(separator: 0x0A, omittingEmptySubsequences: true)
        if head.last != 0x0A, lines.count > 1 { lines.removeLast() }   // maybe cut mid-character
        for line in lines where line.contains(where: { $0 >= 0x80 }) {
            if String(validating: line, as: UTF8.self) != nil { valid += 1 } else { invalid += 1 }
        }
        if invalid > valid, lines.count == 1, head.last != 0x0A {
            // One long line cut by the sample: allow a multi-byte sequence cut at its end.
            var bytes = Array(head)
            for _ in 0..<3 where !bytes.isEmpty {
                bytes.removeLast()
                if String(validating: bytes, as: UTF8.self) != nil { return .utf8 }
            }
        }
        return invalid > valid ? .gb18030 : .utf8
    }

    /// The line as text, or nil with the offset of the first bad byte.
    public func decode(_ line: ArraySlice<UInt8>) -> Result<String, DecodeFailure> {
        if encoding != .gb18030 {
            if let s = String(validating: line, as: UTF8.self) { return .success(s) }
            return .failure(DecodeFailure(offset: SourceFile.firstInvalidUTF8Offset(line), encoding: "UTF-8"))
        }
        if line.allSatisfy({ $0 < 0x80 }) { return .success(String(decoding: line, as: UTF8.self)) }
        return convert(line)
    }

    func convert(_ line: ArraySlice<UInt8>) -> Result<String, DecodeFailure> {
        guard let converter else { return .failure(DecodeFailure(offset: 0, encoding: "GB18030")) }
        iconv(converter, nil, nil, nil, nil)
        var input = Array(line)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 8)
        let total = input.count
        var ok = true
        var consumed = 0
        var produced = 0
        input.withUnsafeMutableBufferPointer { inp in
            output.withUnsafeMutableBufferPointer { outp in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inp.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = inp.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outp.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outLeft = outp.count
                if iconv(converter, &inPtr, &inLeft, &outPtr, &outLeft) == -1 { ok = false }
                consumed = total - inLeft
                produced = outp.count - outLeft
            }
        }
        guard ok, let s = String(validating: output[0..<produced], as: UTF8.self) else {
            return .failure(DecodeFailure(offset: consumed, encoding: "GB18030"))
        }
        return .success(s)
    }
}

/// Where a line stopped decoding.
public struct DecodeFailure: Error, Sendable {
    public var offset: Int
    public var encoding: String
}
