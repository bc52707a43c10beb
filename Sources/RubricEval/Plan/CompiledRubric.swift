import RubricCheck
import RubricSyntax

/// A checked rubric compiled for evaluation: conditions and points as
/// closures, rules indexed by event type so an event only meets the rules
/// that name its type.
public final class CompiledRubric: @unchecked Sendable {
    /// A compiled rule. A class, not a struct: finalization passes rules
    /// around per (unit, period), and a reference is one retain where a copy
    /// of the checked rule's strings and lists is many.
    public final class Rule: @unchecked Sendable {
        public let index: Int
        public let source: CheckedRubric.Rule
        let condition: Program?
        /// Points written as an expression, compiled (the scoring plan lowers every other form).
        let points: Program?

        init(index: Int, source: CheckedRubric.Rule, condition: Program?, points: Program?) {
            (self.index, self.source, self.condition, self.points) = (index, source, condition, points)
        }
    }

    public let rubric: CheckedRubric
    /// SHA-256 of the rules file, hex.
    public let sha256: String
    public let rules: [Rule]
    /// Scoring rules (not absence rules) by event type index.
    let rulesByType: [[Int]]
    /// Absence rules whose counted events are of a type, by type index.
    let absenceByType: [[Int]]
    /// Indices of the absence rules.
    public let absenceRules: [Int]
    public let validator: EventValidator
    /// `CheckedRubric.exactNumbers`, for the byte reader's plan and the validator.
    public let exactNumbers: [Set<Int>]

    public init(_ rubric: CheckedRubric, sha256: String, roster: Set<String>?) {
        self.rubric = rubric
        self.sha256 = sha256
        let schema = rubric.schema
        var slots: [String: Int] = [:]
        for (i, f) in schema.fields.enumerated() { slots[f.name] = i }
        let env = CompileEnvironment(slots: slots)
        var rules: [Rule] = []
        var byType = [[Int]](repeating: [], count: schema.types.count)
        var absByType = [[Int]](repeating: [], count: schema.types.count)
        var absence: [Int] = []
        for (i, r) in rubric.rules.enumerated() {
            let cond = (r.absence?.when ?? r.when).map { ExprCompiler.compile($0, env: env) }
            var points: Program?
            if case .expression(let e) = r.points { points = ExprCompiler.compile(e, env: env) }
            rules.append(Rule(index: i, source: r, condition: cond, points: points))
            if let a = r.absence {
                absence.append(i)
                for t in a.types { absByType[t].append(i) }
            } else {
                for t in r.types { byType[t].append(i) }
            }
        }
        self.rules = rules
        self.rulesByType = byType
        self.absenceByType = absByType
        self.absenceRules = absence
        exactNumbers = rubric.exactNumbers
        self.validator = EventValidator(schema: schema, roster: roster, exactNumbers: exactNumbers)
    }

    public var version: String { rubric.meta.version }

    /// Whether the condition of rule `i` holds (no copy of the rule is made).
    @inline(__always)
    func matches(at i: Int, _ a: Activation) throws(EvalError) -> Bool {
        guard let c = rules[i].condition else { return true }
        let v = try c(a)
        guard case .bool(let b) = v else { throw EvalError(Message("eval.condition-gave-not-bool", ["typeName": "\(v.typeName)"])) }
        return b
    }

    /// The points of one occurrence of the event in `a`, for rule `i`, whose
    /// points are an expression (no copy of the rule is made).
    @inline(__always)
    func expressionPoints(at i: Int, _ a: Activation) throws(EvalError) -> Fixed {
        guard let p = rules[i].points else { throw EvalError(Message("eval.points-are-not-expression")) }
        let v = try p(a)
        switch v {
        case .int(let i):
            guard let f = Fixed(i) else { throw EvalError(Message("eval.points-are-too-large", ["i": "\(i)"])) }
            return f
        case .double(let d):
            guard let f = Fixed(double: d) else { throw EvalError(Message("eval.points-are-not-finite", ["d": "\(d)"])) }
            return f
        case .uint(let u):
            guard u <= UInt64(Int64.max), let f = Fixed(Int64(u)) else { throw EvalError(Message("eval.points-are-too-large-2", ["u": "\(u)"])) }
            return f
        default:
            throw EvalError(Message("eval.points-gave-not-number", ["typeName": "\(v.typeName)"]))
        }
    }
}
