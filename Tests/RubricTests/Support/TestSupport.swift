import Foundation
import RubricCheck
import RubricEval
import RubricReport
import RubricSyntax

/// Paths and helpers shared by the tests.
enum TestSupport {
    /// The package root (two levels above this file's folder).
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/Fixtures")

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// Loads, checks and compiles the rules at `relative` (package-relative).
    static func compiled(rules relative: String = "rules", roster: Roster? = nil) -> [CompiledRubric] {
        let set = RuleSet.load(paths: [path(relative)])
        precondition(!set.hasErrors, "rules have errors: \(set.diagnostics)")
        return set.rubrics.map { CompiledRubric($0, sha256: "test", roster: roster?.set) }
    }

    /// The result of running the `rubric` executable.
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary = product("rubric")

    /// The path of a built executable product, building it if `swift test`
    /// did not (it builds only what the tests link).
    static func product(_ name: String) -> String {
        let candidates = [".build/debug/", ".build/x86_64-unknown-linux-gnu/debug/", ".build/aarch64-unknown-linux-gnu/debug/"].map { $0 + name }
        for c in candidates where FileManager.default.isExecutableFile(atPath: path(c)) { return path(c) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["swift", "build", "--product", name, "--package-path", root.path]
        try? p.run()
        p.waitUntilExit()
        return path(candidates[0])
    }

    /// Runs `rubric ARGS` in the package root, optionally feeding stdin.
    static func rubric(_ args: [String], stdin: String? = nil) -> Run { run(binary, args, stdin: stdin) }

    /// Runs an executable in the package root.
    static func run(_ executable: String, _ args: [String], stdin: String? = nil) -> Run {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err"), inURL = dir.appendingPathComponent("in")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        FileManager.default.createFile(atPath: inURL.path, contents: Data((stdin ?? "").utf8))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        p.currentDirectoryURL = root
        p.standardOutput = try? FileHandle(forWritingTo: outURL)
        p.standardError = try? FileHandle(forWritingTo: errURL)
        p.standardInput = try? FileHandle(forReadingFrom: inURL)
        do { try p.run() } catch { return Run(status: -1, stdout: "", stderr: "\(error)") }
        p.waitUntilExit()
        let out = (try? Data(contentsOf: outURL)) ?? Data()
        let err = (try? Data(contentsOf: errURL)) ?? Data()
        return Run(status: p.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// A temporary directory for one test.
    static func tempDir() -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("rubric-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    static func write(_ text: String, to url: URL) {
        try? Data(text.utf8).write(to: url)
    }
}
