import Foundation
import RubricCheck
import RubricEval
import RubricReport
import RubricSyntax

/// The seed rubric, checked and compiled once.
let rubric: CompiledRubric = {
    let set = RuleSet.load(paths: [#filePath.components(separatedBy: "/Fuzz/")[0] + "/rules/work-style-2024.yaml"])
    return CompiledRubric(set.rubrics[0], sha256: "", roster: nil)
}()
let file = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-events-\(getpid()).jsonl").path

/// Any bytes as an events file: JSON and CSV splitting, validation against
/// the seed schema, and a differential check: the fast reader must give the
/// same result as the general one, byte for byte.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEvents(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    if let text = String(validating: bytes, as: UTF8.self) {
        let validator = EventValidator(schema: rubric.rubric.schema, roster: ["区财政局"])
        if case .success(let fields) = JSONLineParser.parse(text) {
            _ = validator.validate(RawRecord(fields: fields, line: 1), file: 0, typedText: true)
        }
        if case .cells(let cells) = CSVParser.split(text) {
            let header = ["date", "unit", "type", "count", "rank", "level", "points", "rate"]
            let fields = zip(header, cells).map { ($0, $1.isEmpty ? RawValue.absent : .text($1)) }
            _ = validator.validate(RawRecord(fields: fields, line: 1), file: 0, typedText: false)
        }
    }
    FileManager.default.createFile(atPath: file, contents: Data(bytes))
    var outputs: [String] = []
    for threads in [0, 1] {
        let options = EvalOptions(versions: [rubric], asOf: Day(year: 2024, month: 12, day: 31), threads: threads)
        guard let e = try? Evaluator(options: options).run(files: [file]) else { return 0 }
        outputs.append(JSONReport.render(e))
    }
    if outputs[0] != outputs[1] {
        FileHandle.standardError.write(Data("fast and general readers differ\n\(outputs[0])\n\(outputs[1])\n".utf8))
        abort()
    }
    return 0
}
