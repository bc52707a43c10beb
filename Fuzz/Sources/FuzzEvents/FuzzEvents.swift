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
let files = ["jsonl", "csv"].map { FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-events-\(getpid()).\($0)").path }

/// Any bytes as an events file: JSON and CSV splitting, validation against
/// the seed schema, and a differential check: the fast reader must give the
/// same result as the general one, byte for byte, read as JSON Lines and as
/// CSV, whole and in parts of 64 bytes.
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
    for file in files {
        _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
        var outputs: [String] = []
        for threads in [0, 1, 2] {
            var options = EvalOptions(versions: [rubric], asOf: Day(year: 2024, month: 12, day: 31), threads: threads)
            options.minimumPartBytes = 64
            guard let e = try? Evaluator(options: options).run(files: [file]) else { return 0 }
            outputs.append(JSONReport.render(e))
        }
        for other in outputs.dropFirst() where other != outputs[0] {
            FileHandle.standardError.write(Data("fast and general readers differ on \(file)\n\(outputs[0])\n\(other)\n".utf8))
            abort()
        }
    }
    return 0
}
