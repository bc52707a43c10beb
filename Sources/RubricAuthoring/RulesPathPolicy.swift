import Foundation
import RubricSyntax
#if canImport(Glibc)
import Glibc
#endif

/// Where a rule-test file's `rules:` may point. A test file is data that
/// anyone may hand over; its `rules:` is resolved against the test file's
/// folder (an absolute path is taken as it is), must lead, after symbolic
/// links and `..`, to a `.yaml` file or a directory inside the project (the
/// current directory, or a path given on the command line and the folder
/// above it, where `rules: ..` leads from `rules/tests/`), and what it
/// names is only ever read as rules: `rules: ../../etc/passwd` is refused
/// without reading a byte of it.
struct RulesPathPolicy {
    /// Real paths of the folders a `rules:` may lead into.
    let roots: [String]

    struct Refusal: Error {
        var message: Message
        var help: Message
    }

    init(commandLine paths: [String]) {
        var roots = [Self.real(FileManager.default.currentDirectoryPath)].compactMap { $0 }
        for p in paths {
            guard let r = Self.real(p) else { continue }
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: r, isDirectory: &isDir)
            // The folder of the tests and the one above it: `rules: ..`, the default, is the usual layout (`rules/tests/`).
            let folder = isDir.boolValue ? r : (r as NSString).deletingLastPathComponent
            roots += [folder, (folder as NSString).deletingLastPathComponent]
        }
        self.roots = roots
    }

    /// The path to load for `declared` in `testFile`, or why not.
    func resolve(_ declared: String?, testFile: String) -> Result<String, Refusal> {
        let value = declared ?? ".."
        let dir = (testFile as NSString).deletingLastPathComponent
        let path = value.hasPrefix("/") ? value : (dir.isEmpty ? value : dir + "/" + value)
        // A missing path is reported by the rules loader, as for `rubric lint`.
        guard let real = Self.real(path) else { return .success(path) }
        guard roots.contains(where: { real == $0 || real.hasPrefix($0 == "/" ? "/" : $0 + "/") }) else {
            return .failure(Refusal(message: Message("bad-rules.outside", ["value": "\(value)", "real": "\(real)"]),
                                    help: Message("bad-rules.outside.help")))
        }
        var isDir: ObjCBool = false
        FileManager.default.fileExists(atPath: real, isDirectory: &isDir)
        guard isDir.boolValue || real.hasSuffix(".yaml") || real.hasSuffix(".yml") else {
            return .failure(Refusal(message: Message("bad-rules.not-rules", ["value": "\(value)"]),
                                    help: Message("bad-rules.not-rules.help")))
        }
        return .success(path)
    }

    /// The canonical absolute path (links and `..` resolved), nil when it does not exist.
    static func real(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}
