import RubricCheck
import RubricEval
import RubricSyntax

/// Any bytes as a rules file: load, check, compile. Diagnostics are fine;
/// a crash, a hang or a trap is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let loaded = RubricLoader.load(SourceFile(path: "fuzz.yaml", text: text))
    guard let doc = loaded.document else { return 0 }
    let (checked, _) = RubricChecker.check(doc)
    if let checked { _ = CompiledRubric(checked, sha256: "", roster: nil) }
    _ = VersionSetChecker.check([doc, doc])
    return 0
}
