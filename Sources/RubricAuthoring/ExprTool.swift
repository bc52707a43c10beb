import RubricCheck
import RubricEval
import RubricSyntax

/// `rubric expr`: parse, type-check and evaluate one expression, against a
/// rubric's event type when given, with an event's values when given.
public struct ExprTool {
    /// The outcome: a value and its type, or diagnostics.
    public enum Outcome {
        case value(Value, type: CELType)
        case diagnostics([Diagnostic], source: SourceFile)
        case failed(String)
    }

    public init() {}

    /// `event`: a JSON object; `schema` and `type`: check against that event type's fields.
    public func run(_ text: String, event: String?, schema: Schema?, type: String?) -> Outcome {
        let file = SourceFile(path: "<expr>", text: text)
        let src = ExprSource(text: text)
        var fields: [(name: String, value: RawValue)] = []
        if let event {
            switch JSONLineParser.parse(event) {
            case .success(let f): fields = f
            case .failure(let e): return .failed("--event: \(e.message)")
            }
        }
        var env: CheckEnvironment
        var values: [String: Value] = [:]
        if let schema {
            if let type, schema.typeIndex[type] == nil {
                return .failed("--type: unknown event type `\(type)`" + (Suggestion.nearest(to: type, in: schema.typeIndex.keys).map { "; did you mean `\($0)`?" } ?? ""))
            }
            env = schema.checkEnvironment
            let validator = EventValidator(schema: schema, roster: nil)
            for (name, raw) in fields {
                guard let i = schema.fieldIndex[name] else { continue }
                switch validator.convert(raw, field: schema.fields[i], typedText: true) {
                case .success(let (v, exact)):
                    // Range-checked as `eval` checks an event of the type (`rate 150 outside 0 to 100`).
                    if let exact, let f = validator.outOfRange(i, exact, type: type.flatMap { schema.typeIndex[$0] }) {
                        return .failed("--event: \(f.reason)")
                    }
                    if let v { values[name] = v }
                case .failure(let f): return .failed("--event: \(f.reason)")
                }
            }
            if let type, let tf = Optional(schema.fields[schema.typeField].name), values[tf] == nil { values[tf] = .string(type) }
        } else {
            env = CheckEnvironment()
            for (name, raw) in fields {
                let v = Self.value(raw)
                values[name] = v
                env.variables[name] = v.celType
            }
        }
        let (checked, ds) = ExprChecker.check(src, in: env)
        guard let checked else { return .diagnostics(ds, source: file) }
        let names = Array(env.variables.keys).sorted()
        let program = ExprCompiler.compile(checked, env: CompileEnvironment(
            slots: Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })))
        let a = Activation(slotCount: names.count)
        for (i, n) in names.enumerated() { a.slots[i] = values[n] }
        do throws(EvalError) {
            let v = try program(a)
            return .value(v, type: checked.type == .dyn ? v.celType : checked.type)
        } catch {
            return .diagnostics([.error(.evalError, error.message, at: src.span)], source: file)
        }
    }

    static func value(_ raw: RawValue) -> Value {
        switch raw {
        case .text(let s): return .string(s)
        case .number(let n): return Int64(n).map(Value.int) ?? .double(Double(n) ?? .nan)
        case .bool(let b): return .bool(b)
        case .absent: return .null
        case .nested(let s): return .string(s)
        }
    }
}
