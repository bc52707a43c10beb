import RubricCheck
import RubricEval
import RubricSyntax

/// The seed rubric's schema, checked once.
let schema: Schema = {
    let set = RuleSet.load(paths: [#filePath.components(separatedBy: "/Fuzz/")[0] + "/rules/work-style-2024.yaml"])
    return set.rubrics[0].schema
}()

/// Any bytes as an event line: JSON and CSV splitting, then validation
/// against the seed schema.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEvents(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    let validator = EventValidator(schema: schema, roster: ["区财政局"])
    if case .success(let fields) = JSONLineParser.parse(text) {
        _ = validator.validate(RawRecord(fields: fields, line: 1), file: 0, typedText: true)
    }
    if case .cells(let cells) = CSVParser.split(text) {
        let header = ["date", "unit", "type", "count", "rank", "level", "points", "rate"]
        let fields = zip(header, cells).map { ($0, $1.isEmpty ? RawValue.absent : .text($1)) }
        _ = validator.validate(RawRecord(fields: fields, line: 1), file: 0, typedText: false)
    }
    return 0
}
