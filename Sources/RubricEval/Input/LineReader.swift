import RubricSyntax
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a file (or standard input) in large chunks and hands out its
/// physical lines as byte slices, without the line terminator. Memory is
/// bounded by the chunk size plus the longest line.
public final class LineReader {
    public static let chunkSize = 1 << 20
    /// Longest line accepted; longer lines are reported, not buffered without bound.
    public static let maxLineBytes = 1 << 20

    let fd: Int32
    let ownsFD: Bool
    /// How messages name the input.
    let path: String
    var buffer: [UInt8] = []
    var start = 0
    var eof = false
    /// The 1-based number of the line most recently returned.
    public private(set) var lineNumber = 0
    /// Decided on the first chunk read; every byte read is normalized by it.
    private(set) var lineEnding: LineEnding?

    /// Opens `path` (`-` for standard input).
    public init(path: String) throws {
        self.path = path
        if path == "-" {
            fd = 0
            ownsFD = false
        } else {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                throw InputError(Message("unreadable.not-found", ["path": "\(path)"]))
            }
            if isDir.boolValue { throw InputError(Message("input.directory-not-events-file", ["path": "\(path)"])) }
            let f = open(path, O_RDONLY)
            guard f >= 0 else { throw InputError(Message("input.cannot-open", ["path": "\(path)", "error": "\(String(cString: strerror(errno)))"])) }
            fd = f
            ownsFD = true
        }
        buffer.reserveCapacity(LineReader.chunkSize * 2)
    }

    deinit { if ownsFD { close(fd) } }

    /// Reads more bytes; false at end of input.
    func fill() throws -> Bool {
        if eof { return false }
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: LineReader.chunkSize))
        let n = buffer.withUnsafeMutableBytes { p in read(fd, p.baseAddress! + old, LineReader.chunkSize) }
        if n < 0 {
            buffer.removeSubrange(old...)
            throw InputError(Message("input.read-error-2", ["error": "\(String(cString: strerror(errno)))"]))
        }
        buffer.removeSubrange((old + n)...)
        if lineEnding == nil {
            // UTF-16 is neither of the encodings events may have: refused by name, not decoded as something else.
            if buffer.starts(with: [0xFF, 0xFE]) || buffer.starts(with: [0xFE, 0xFF]) {
                throw InputError(Message("input.file-utf-16-starts", ["path": "\(path)", "mark": "\(buffer[0] == 0xFF ? "FF FE" : "FE FF")"]))
            }
            lineEnding = LineEnding.detect(buffer[...])
        }
        lineEnding?.normalize(&buffer, from: old, to: buffer.count)
        if n == 0 { eof = true }
        return n > 0
    }

    /// The first bytes of the input (up to one chunk), without consuming them.
    public func head() throws -> ArraySlice<UInt8> {
        if buffer.isEmpty && !eof { _ = try fill() }
        return buffer[start..<min(buffer.count, start + 65536)]
    }

    /// The next line, or nil at the end. A line longer than `maxLineBytes`
    /// is returned truncated with `tooLong` set.
    public func next() throws -> (bytes: ArraySlice<UInt8>, tooLong: Bool)? {
        var scanFrom = start
        while true {
            if let nl = buffer[scanFrom...].firstIndex(of: 0x0A) {
                lineNumber += 1
                if nl - start > LineReader.maxLineBytes {
                    let head = buffer[start..<(start + 200)]
                    start = nl + 1
                    return (head, true)
                }
                var end = nl
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                let line = buffer[start..<end]
                start = nl + 1
                return (line, false)
            }
            if buffer.count - start > LineReader.maxLineBytes {
                // Skip the rest of an overlong line.
                lineNumber += 1
                let head = Array(buffer[start..<(start + 200)])
                while true {
                    start = buffer.count
                    guard try fill() else { break }
                    if let nl = buffer[start...].firstIndex(of: 0x0A) { start = nl + 1; break }
                }
                return (head[...], true)
            }
            scanFrom = buffer.count
            let hadStart = start
            if try !fill() {
                if start < buffer.count {
                    lineNumber += 1
                    var end = buffer.count
                    if buffer[end - 1] == 0x0D { end -= 1 }
                    let line = buffer[start..<end]
                    start = buffer.count
                    return (line, false)
                }
                return nil
            }
            scanFrom -= hadStart - start
        }
    }
}

extension LineReader {
    /// The physical lines of the CSV record that starts with `first` (just
    /// returned by `next()`), read on as `CSVRecordEnd` says; copies, since
    /// the buffer moves on as lines are read. A line longer than
    /// `maxLineBytes` inside the record ends it, `tooLong`: the record is
    /// rejected whole (as the fast reader's `FastWorker.gather` does).
    func csvRecordLines(startingWith first: ArraySlice<UInt8>) throws -> (parts: [ArraySlice<UInt8>], tooLong: Bool) {
        var end = CSVRecordEnd()
        guard !end.endsRecord(first) else { return ([first], false) }
        var parts = [ArraySlice(Array(first))]
        while let (more, tooLong) = try next() {
            parts.append(ArraySlice(Array(more)))
            if tooLong { return (parts, true) }
            if end.endsRecord(more) { break }
        }
        return (parts, false)
    }
}

/// An input problem that stops reading a whole file.
/// An input that cannot be read at all (a missing file, a broken header,
/// a roster line in error): the run stops, saying why in its language.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public var message: Message
    public init(_ message: Message) { self.message = message }
    public var description: String { message.english }
}
