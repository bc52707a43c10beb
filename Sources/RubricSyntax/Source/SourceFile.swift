import Foundation

/// The text of one input file, split into lines for diagnostics.
public struct SourceFile: Sendable {
    /// The path as the user gave it; diagnostics print it unchanged.
    public let path: String
    /// The whole text, decoded.
    public let text: String
    /// The text's lines, without their line terminators.
    public let lines: [Substring]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
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

    public var description: String {
        switch self {
        case .notFound(let p): return "\(p): no such file"
        case .isDirectory(let p): return "\(p): is a directory, not a file"
        case .unreadable(let p, let why): return "\(p): cannot read: \(why)"
        case .notUTF8(let p, let offset): return "\(p): not valid UTF-8 (first bad byte at offset \(offset)); save the file as UTF-8"
        case .tooLarge(let p, let bytes, let limit): return "\(p): \(bytes) bytes is larger than the \(limit)-byte limit for a rules file"
        }
    }
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
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path, error.localizedDescription)
        }
        if data.count > limit { throw .tooLarge(path, bytes: data.count, limit: limit) }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .notUTF8(path, byteOffset: firstInvalidUTF8Offset(bytes))
        }
        return SourceFile(path: path, text: text)
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
