import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The text of one input file, split into lines for diagnostics.
public struct SourceFile: Sendable {
    /// The path as the user gave it; diagnostics print it unchanged.
    public let path: String
    /// The whole text, decoded.
    public let text: String
    /// The text's lines, without their line terminators.
    public let lines: [Substring]
    /// The bytes that were read and parsed, exactly (the rules file's hash is
    /// of these, never of a second read that could find another file).
    public let bytes: [UInt8]

    public init(path: String, text: String, bytes: [UInt8]? = nil) {
        self.path = path
        self.text = text
        self.bytes = bytes ?? Array(text.utf8)
        self.lines = Self.splitLines(text)
    }

    /// Lines as YAML (libyaml) counts them, so a diagnostic's line number
    /// finds its text: LF, CRLF, CR alone, NEL, U+2028 and U+2029 end a line.
    /// (Once split on LF only, by Character: a CRLF file was one line.)
    static func splitLines(_ text: String) -> [Substring] {
        let scalars = text.unicodeScalars
        var out: [Substring] = []
        var start = scalars.startIndex
        var i = start
        while i < scalars.endIndex {
            let c = scalars[i]
            if c == "\n" || c == "\r" || c == "\u{85}" || c == "\u{2028}" || c == "\u{2029}" {
                out.append(Substring(scalars[start..<i]))
                var next = scalars.index(after: i)
                if c == "\r", next < scalars.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
                start = next
                i = next
            } else {
                i = scalars.index(after: i)
            }
        }
        out.append(Substring(scalars[start..<scalars.endIndex]))
        return out
    }

    /// The text of line `n` (1-based), or nil past the end.
    public func line(_ n: Int) -> Substring? {
        n >= 1 && n <= lines.count ? lines[n - 1] : nil
    }
}

/// Why a file could not be read.
public enum SourceReadError: Error, CustomStringConvertible, Sendable {
    case notFound(String)
    case isDirectory(String)
    case unreadable(String, String)
    case notUTF8(String, byteOffset: Int)
    case tooLarge(String, bytes: Int, limit: Int)

    /// Why, as a message in the catalogs.
    public var message: Message {
        switch self {
        case .notFound(let p): Message("unreadable.not-found", ["path": "\(p)"])
        case .isDirectory(let p): Message("unreadable.directory", ["path": "\(p)"])
        case .unreadable(let p, let why): Message("unreadable.cannot-read", ["path": "\(p)", "why": "\(why)"])
        case .notUTF8(let p, let offset): Message("unreadable.not-utf8", ["path": "\(p)", "offset": "\(offset)"])
        case .tooLarge(let p, let bytes, let limit): Message("unreadable.too-large", ["path": "\(p)", "bytes": "\(bytes)", "limit": "\(limit)"])
        }
    }

    public var description: String { message.english }
}

extension SourceFile {
    /// The largest rules file accepted (rules files are small; this keeps a
    /// mistaken path to a huge log from being parsed as YAML).
    public static let maxRulesFileBytes = 8 << 20

    /// Reads a UTF-8 text file (a leading BOM is dropped).
    public static func read(path: String, limit: Int = maxRulesFileBytes) throws(SourceReadError) -> SourceFile {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw .notFound(path) }
        if isDir.boolValue { throw .isDirectory(path) }
        let raw = try readRegularFile(path, limit: limit)
        var bytes = raw[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .notUTF8(path, byteOffset: firstInvalidUTF8Offset(bytes))
        }
        return SourceFile(path: path, text: text, bytes: raw)
    }

    /// The bytes of a regular file of at most `limit` bytes: the size is
    /// checked before reading (a 4 GiB sparse file costs nothing), a FIFO or
    /// device (`/dev/zero`) is refused as not a file, and no more than
    /// `limit + 1` bytes are ever read, should the file grow meanwhile.
    static func readRegularFile(_ path: String, limit: Int) throws(SourceReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path, String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .unreadable(path, String(cString: strerror(errno))) }
        guard st.st_mode & S_IFMT == S_IFREG else { throw .unreadable(path, "not a regular file") }
        guard Int(st.st_size) <= limit else { throw .tooLarge(path, bytes: Int(st.st_size), limit: limit) }
        var bytes = [UInt8](repeating: 0, count: Int(st.st_size) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                guard count <= limit else { throw .tooLarge(path, bytes: count, limit: limit) }
                bytes += [UInt8](repeating: 0, count: min(limit + 1 - count, 1 << 16))
            }
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path, String(cString: strerror(errno)))
            }
            if n == 0 { break }
            count += n
        }
        guard count <= limit else { throw .tooLarge(path, bytes: count, limit: limit) }
        return Array(bytes[0..<count])
    }

    /// The offset of the first byte that is not valid UTF-8 (the count of valid bytes before it).
    public static func firstInvalidUTF8Offset<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        var it = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while case .scalarValue(let s) = decoder.decode(&it) { offset += UTF8.width(s) }
        return offset
    }
}
