import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one way a command writes a file it was asked for (`--output`,
/// `--rejects`, `--out`). What is at the path decides how:
///
/// - nothing, or `-`: standard output;
/// - a character device or a FIFO (`/dev/null`, `/dev/stdout`, a pipe):
///   written straight through, never replaced;
/// - a directory, a block device or a socket: refused;
/// - a symbolic link: followed, and its final target is what is written;
/// - a regular file, or nothing yet: replaced whole or not at all. The text
///   goes to a new temporary file beside the target (a random name, created
///   with `O_CREAT|O_EXCL|O_NOFOLLOW`, so no planted file or link is ever
///   opened), which takes the old file's mode and owner (a new file: the
///   umask's mode), is synced, renamed over the target, and the directory
///   synced. A failed write, an error or SIGINT/SIGTERM/SIGHUP removes it.
///
/// Every failure is one line on standard error and status 2.
final class OutputFile {
    private let shown: String
    private var fd: Int32
    private var temporary: String?
    private var target: String?
    private var buffer: [UInt8] = []

    /// Opens `path` for writing as the kind of file it is; nil or `-` is standard output.
    init(path: String?) throws {
        shown = path ?? "standard output"
        guard let path, path != "-" else { fd = 1; return }
        do {
            let final = try Self.resolvingLinks(path)
            var st = stat()
            if stat(final, &st) == 0 {
                switch st.st_mode & S_IFMT {
                case S_IFCHR, S_IFIFO:
                    fd = open(final, O_WRONLY | O_CLOEXEC)
                    guard fd >= 0 else { throw Failure(errno) }
                    return
                case S_IFREG: break
                case S_IFDIR: throw Failure("it is a directory")
                default: throw Failure("it is neither a regular file nor a character device or pipe")
                }
            } else if errno != ENOENT {
                throw Failure(errno)
            }
            let (tfd, tpath) = try Self.createTemporary(beside: final)
            fd = tfd
            temporary = tpath
            target = final
            PendingFiles.add(tpath)
            // The replacement keeps the old file's permissions: private scores stay private.
            if stat(final, &st) == 0 {
                _ = fchmod(fd, st.st_mode & 0o7777)
                if st.st_uid != geteuid() || st.st_gid != getegid() { _ = fchown(fd, st.st_uid, st.st_gid) }
            } else {
                let mask = umask(0)
                umask(mask)
                _ = fchmod(fd, 0o666 & ~mask)
            }
        } catch let f as Failure {
            Output.standardError("error: cannot write \(path): \(f.reason)\n")
            throw ExitCode(2)
        }
    }

    deinit {
        if let temporary {
            close(fd)
            unlink(temporary)
            PendingFiles.remove(temporary)
        }
    }

    /// Writes `text` to `path` whole (see the type's description).
    static func write(_ text: String, to path: String) throws {
        let file = try OutputFile(path: path)
        file.write(text)
        try file.finish()
    }

    func write(_ s: String) {
        // A large text (a report) goes out from its own storage, not copied twice into the buffer.
        guard s.utf8.count >= 1 << 20 else { return write(bytes: Array(s.utf8)) }
        flush()
        var s = s
        s.withUTF8 { Output.write(raw: UnsafeRawBufferPointer($0), to: fd, name: shown) }
    }

    func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flush() }
    }

    /// Whether writing to `path` makes a regular file (one that is there, or
    /// none yet), not a device or pipe written through; links followed.
    static func isRegularFile(_ path: String) -> Bool {
        guard path != "-", let final = try? resolvingLinks(path) else { return false }
        var st = stat()
        return stat(final, &st) != 0 || st.st_mode & S_IFMT == S_IFREG
    }

    /// Writes `bytes` to `path` whole (see the type's description).
    static func write(bytes: [UInt8], to path: String) throws {
        let file = try OutputFile(path: path)
        file.write(bytes: bytes)
        try file.finish()
    }

    /// Writes what is buffered; a failure ends the run (status 2, the temporary file removed).
    private func flush() {
        Output.write(bytes: buffer, to: fd, name: shown)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes the rest and puts the file in place.
    func finish() throws {
        flush()
        guard let temporary, let target else {
            if fd > 2 { close(fd) }
            fd = -1
            return
        }
        defer { self.temporary = nil; PendingFiles.remove(temporary) }
        let synced = fsync(fd) == 0
        let why = synced ? "" : String(cString: strerror(errno))
        close(fd)
        guard synced, rename(temporary, target) == 0 else {
            let reason = synced ? String(cString: strerror(errno)) : why
            unlink(temporary)
            Output.standardError("error: cannot write \(shown): \(reason)\n")
            throw ExitCode(2)
        }
        // The rename is durable once the directory is.
        let dir = open(Self.directory(of: target), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 { _ = fsync(dir); close(dir) }
    }

    struct Failure: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
        init(_ code: Int32) { reason = String(cString: strerror(code)) }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The path a chain of symbolic links ends at (which need not exist yet).
    static func resolvingLinks(_ path: String) throws(Failure) -> String {
        var current = path
        for _ in 0..<40 {
            var st = stat()
            guard lstat(current, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return current }
            var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buf, buf.count - 1)
            guard n >= 0 else { throw Failure(errno) }
            let link = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : directory(of: current) + "/" + link
        }
        throw Failure(ELOOP)
    }

    /// A new file beside `target` that nothing else can have opened or linked.
    static func createTemporary(beside target: String) throws(Failure) -> (Int32, String) {
        let dir = directory(of: target)
        let base = target.split(separator: "/").last.map(String.init) ?? "output"
        for _ in 0..<16 {
            let suffix = String(UInt64.random(in: 1 << 60 ..< UInt64.max), radix: 36)
            let path = dir + "/." + base + ".rubric-" + suffix
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 { return (fd, path) }
            if errno != EEXIST { throw Failure(errno) }
        }
        throw Failure(EEXIST)
    }
}

/// Temporary files being written, removed if the run ends early: by a
/// failed write (`Output.write` exits), or by SIGINT, SIGTERM or SIGHUP
/// (the handler unlinks them, which is async-signal-safe, and re-raises).
enum PendingFiles {
    nonisolated(unsafe) private static var slots = [UnsafeMutablePointer<CChar>?](repeating: nil, count: 8)
    nonisolated(unsafe) private static var installed = false

    static func add(_ path: String) {
        if !installed {
            installed = true
            // A parent may have started us with these blocked (Foundation's
            // Process does): the cleanup only works if they arrive.
            var set = sigset_t()
            sigemptyset(&set)
            for sig in [SIGINT, SIGTERM, SIGHUP] {
                signal(sig, onSignal)
                sigaddset(&set, sig)
            }
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
        }
        if let i = slots.firstIndex(where: { $0 == nil }) { slots[i] = strdup(path) }
    }

    static func remove(_ path: String) {
        for i in slots.indices where slots[i].map({ String(cString: $0) == path }) == true {
            let p = slots[i]
            slots[i] = nil
            free(p)
        }
    }

    /// Unlinks every pending file (before an early exit).
    static func removeAll() {
        for case let p? in slots { unlink(p) }
    }
}

private func onSignal(_ sig: Int32) {
    PendingFiles.removeAll()
    signal(sig, SIG_DFL)
    raise(sig)
}
