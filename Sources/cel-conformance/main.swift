import Foundation

// cel-conformance FILE-OR-DIR...: runs CEL specification cases (JSON Lines)
// and prints one line per file and `N passed, N failed, N skipped`.
// Exit 1 when a core case fails. `--verbose` lists every failure and skip.

var args = Array(CommandLine.arguments.dropFirst())
let verbose = args.contains("--verbose")
args.removeAll { $0 == "--verbose" }
if args.isEmpty {
    FileHandle.standardError.write(Data("usage: cel-conformance [--verbose] FILE-OR-DIR...\n".utf8))
    exit(2)
}
var files: [String] = []
for a in args {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: a, isDirectory: &isDir) else {
        FileHandle.standardError.write(Data("cel-conformance: \(a): no such file or directory\n".utf8))
        exit(2)
    }
    if isDir.boolValue {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: a)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
        files += names.map { a + "/" + $0 }
    } else {
        files.append(a)
    }
}
var total = (passed: 0, failed: 0, skipped: 0, coreFailed: 0)
var skipReasons: [String: Int] = [:]
for f in files {
    guard let text = try? String(contentsOfFile: f, encoding: .utf8) else {
        FileHandle.standardError.write(Data("cel-conformance: \(f): cannot read\n".utf8))
        exit(2)
    }
    var p = 0, fl = 0, s = 0
    for line in text.split(separator: "\n") where !line.isEmpty {
        guard let c = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
        let name = "\(c["file"] ?? "?")/\(c["section"] ?? "?")/\(c["name"] ?? "?")"
        let needs = Set((c["needs"] as? [String]) ?? [])
        switch CaseRunner.run(c) {
        case .passed: p += 1
        case .failed(let why):
            fl += 1
            if needs.isSubset(of: CaseRunner.core) { total.coreFailed += 1 }
            print("  FAIL \(name): \(c["expr"] ?? "") -> \(why)")
        case .skipped(let feature):
            s += 1
            skipReasons[feature, default: 0] += 1
            if verbose { print("  skip \(name): needs \(feature)") }
        }
    }
    print("\(f): \(p) passed, \(fl) failed, \(s) skipped")
    total.passed += p; total.failed += fl; total.skipped += s
}
if !skipReasons.isEmpty {
    print("skipped for: " + skipReasons.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
}
print("\(total.passed) passed, \(total.failed) failed, \(total.skipped) skipped")
exit(total.coreFailed > 0 ? 1 : 0)
