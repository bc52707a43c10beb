import RubricCheck
import RubricSyntax

/// Turns event files into the text table a SQL engine loads (`rubric
/// stage`): one row per record read, the schema's fields as text, where the
/// record came from, and why it could not be read. Nothing is lost: a
/// broken record is a row with `load_error`; a JSON value whose kind a text
/// column cannot carry (the text "85" in a number field, a number in a text
/// field, true, an object) names its field in `load_error_field`, so the
/// SQL rejects it in the same order the native validator would.
public struct EventStager {
    /// The columns: every field of the schemas, in the order first met.
    let fields: [Schema.Field]
    let index: [String: Int]
    let validator: EventValidator

    /// `schemas`: those of the rubric's versions, the one whose fields' kinds count first.
    public init(schemas: [Schema]) {
        var fields: [Schema.Field] = []
        var index: [String: Int] = [:]
        for s in schemas {
            for f in s.fields where index[f.name] == nil {
                index[f.name] = fields.count
                fields.append(f)
            }
        }
        self.fields = fields
        self.index = index
        validator = EventValidator(schema: schemas[0], roster: nil)
    }

    /// The header row's cells.
    public var header: [String] { ["source_file", "source_line", "load_error", "load_error_field"] + fields.map(\.name) }

    /// The row of one item read from `source`.
    public func row(_ item: SourceItem, typedText: Bool, file: String) -> [String] {
        switch item {
        case .broken(let r):
            return [file, String(r.line), r.reason.english, ""] + Array(repeating: "", count: fields.count)
        case .record(let raw, _):
            var cells = Array(repeating: "", count: fields.count)
            var kindError: (field: String, reason: String)?
            for (name, value) in raw.fields {
                guard let i = index[name] else { continue }
                let text = Self.text(value)
                cells[i] = text
                guard typedText, kindError == nil else { continue }
                // A typed value that fails where its text would pass: only JSON's kinds tell them apart.
                if case .failure(let f) = validator.convert(value, field: fields[i], typedText: true) {
                    let asText: RawValue = text.isEmpty ? .absent : .text(text)
                    if case .success = validator.convert(asText, field: fields[i], typedText: false) { kindError = (f.field, f.reason.english) }
                }
            }
            return [file, String(raw.line), kindError?.reason ?? "", kindError?.field ?? ""] + cells
        }
    }

    static func text(_ v: RawValue) -> String {
        switch v {
        case .text(let s): return s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .absent: return ""
        case .nested(let json): return json
        }
    }

    /// A CSV line: empty cells bare (absent), every other cell quoted.
    public static func csvLine(_ cells: [String]) -> String {
        cells.map { Quoting.csv($0, for: .data, alwaysQuoted: !$0.isEmpty) }.joined(separator: ",") + "\n"
    }
}
