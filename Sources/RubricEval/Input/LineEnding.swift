/// How an events file ends its lines. LF and CRLF are read alike by every
/// reader (a CR before an LF is dropped). A file whose first chunk holds a
/// CR and no LF at all ends its lines with a CR alone (classic Mac; Excel's
/// "CSV (Macintosh)"): its CRs are read as LFs as the bytes come in, so
/// every reader then splits it like any other file. (Once such a file read
/// as one header line: "read 0", exit 0, every roster unit scored in full.)
public enum LineEnding: Sendable {
    case lineFeed
    case carriageReturn

    /// The convention of a file, from its first bytes.
    static func detect(_ head: ArraySlice<UInt8>) -> LineEnding {
        head.contains(0x0D) && !head.contains(0x0A) ? .carriageReturn : .lineFeed
    }

    /// Rewrites CRs as LFs in `bytes` when the file ends lines with CR alone.
    /// A CR byte is never part of a multi-byte character in UTF-8 or GB18030.
    func normalize(_ bytes: inout [UInt8], from start: Int, to end: Int) {
        guard self == .carriageReturn else { return }
        for i in start..<end where bytes[i] == 0x0D { bytes[i] = 0x0A }
    }
}
