import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `--output`, `--rejects` and `--out` write according to what is at the
/// path (issue 15, items 2 and 3): devices and pipes straight through,
/// links followed, regular files replaced whole keeping their mode, and no
/// temporary file left behind, even when the run is killed.
@Suite struct OutputFileTests {
    static let events = "Tests/Fixtures/cases/01-caps/events.jsonl"

    static func mode(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode : 0
    }

    static func entries(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    @Test func aCharacterDeviceIsWrittenThroughNotReplaced() {
        let r = TestSupport.rubric(["eval", "--output", "/dev/null", Self.events])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.mode("/dev/null") & S_IFMT == S_IFCHR, "/dev/null was replaced by a regular file")
    }

    @Test func aPipeIsWrittenThrough() throws {
        let dir = TestSupport.tempDir()
        let fifo = dir.appendingPathComponent("scores").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = TestSupport.run("/bin/sh", ["-c", "'\(TestSupport.binary)' eval --format csv --lang en --verbose --output '\(fifo)' \(Self.events) & cat '\(fifo)'; wait $!"])
        #expect(reader.status == 0, "\(reader.stderr)")
        #expect(reader.stdout.hasPrefix("unit,period,"), "\(reader.stdout.prefix(200))")
        #expect(Self.mode(fifo) & S_IFMT == S_IFIFO)
        #expect(Self.entries(dir) == ["scores"])
    }

    @Test func aPrivateFileStaysPrivateAndALinkIsFollowed() throws {
        let dir = TestSupport.tempDir()
        let file = dir.appendingPathComponent("private.csv").path
        TestSupport.write("old\n", to: URL(fileURLWithPath: file))
        #expect(chmod(file, 0o600) == 0)
        let link = dir.appendingPathComponent("latest.csv").path
        #expect(symlink("private.csv", link) == 0)
        let r = TestSupport.rubric(["eval", "--format", "csv", "--lang", "en", "--verbose", "--output", link, Self.events])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.mode(link) & S_IFMT == S_IFLNK, "the link was replaced")
        #expect(Self.mode(file) & 0o7777 == 0o600, "mode \(String(Self.mode(file) & 0o7777, radix: 8))")
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("unit,period,"))
        #expect(Self.entries(dir) == ["latest.csv", "private.csv"])
    }

    @Test func aDirectoryIsRefused() {
        let dir = TestSupport.tempDir()
        let r = TestSupport.rubric(["eval", "--output", dir.path, Self.events])
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot write \(dir.path): it is a directory"), "\(r.stderr)")
        #expect(Self.entries(dir).isEmpty)
    }

    @Test func aKilledRunLeavesNoTemporaryFile() throws {
        let dir = TestSupport.tempDir()
        let out = dir.appendingPathComponent("big.jsonl")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: TestSupport.binary)
        p.arguments = ["generate", "--events", "5000000", "--output", out.path]
        p.currentDirectoryURL = TestSupport.root
        try p.run()
        var seen = false
        for _ in 0..<400 where !seen {
            seen = Self.entries(dir).contains { $0.hasPrefix(".big.jsonl.rubric-") }
            if !seen { usleep(25_000) }
        }
        p.terminate()   // SIGTERM
        p.waitUntilExit()
        #expect(seen, "no temporary file appeared")
        #expect(p.terminationReason == .uncaughtSignal)
        #expect(Self.entries(dir).isEmpty, "left behind: \(Self.entries(dir))")
    }
}
