import RubricCheck
import RubricEval
import RubricSyntax
import Testing

/// The expression language end to end: parse, check, compile, evaluate.
@Suite struct ExpressionTests {
    /// Evaluates `text` with the given field values (all declared as variables).
    static func eval(_ text: String, _ vars: [String: Value] = [:]) -> Result<Value, EvalFailure> {
        let src = ExprSource(text: text)
        guard case .success(let parsed) = src.parsed else { return .failure(EvalFailure("syntax: \(src.syntaxDiagnostic!.text())")) }
        var types: [String: CELType] = [:]
        for (k, v) in vars {
            switch v {
            case .int: types[k] = .int
            case .double: types[k] = .double
            case .string: types[k] = .string
            case .bool: types[k] = .bool
            default: types[k] = .dyn
            }
        }
        let (checked, ds) = ExprChecker.check(src, in: CheckEnvironment(variables: types))
        guard let checked else { return .failure(EvalFailure("check: " + ds.map { $0.text() }.joined(separator: "; "))) }
        let names = vars.keys.sorted()
        let env = CompileEnvironment(slots: Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) }))
        let program = ExprCompiler.compile(checked, env: env)
        let a = Activation(slotCount: names.count)
        for (i, n) in names.enumerated() { a.slots[i] = vars[n] }
        do throws(EvalError) { return .success(try program(a)) } catch { return .failure(EvalFailure("eval: \(error.message.english)")) }
    }

    static func value(_ text: String, _ vars: [String: Value] = [:]) -> String {
        switch eval(text, vars) {
        case .success(let v): return v.description
        case .failure(let f): return f.text
        }
    }

    @Test func arithmeticAndPrecedence() {
        #expect(Self.value("1 + 2 * 3") == "7")
        #expect(Self.value("(1 + 2) * 3") == "9")
        #expect(Self.value("7 % 3 - -2") == "3")
        #expect(Self.value("-2.0 * math.ceil((90.0 - rate) / 10.0)", ["rate": .double(79.5)]) == "-4.0")
        #expect(Self.value("-2.0 * math.ceil((90.0 - rate) / 10.0)", ["rate": .double(85)]) == "-2.0")
        #expect(Self.value("math.floor(2.7) + math.round(2.5)") == "5.0")
    }

    @Test func errorsAreValuesNotCrashes() {
        #expect(Self.value("1 / 0").hasPrefix("eval: division by zero"))
        #expect(Self.value("9223372036854775807 + 1") == "eval: integer overflow")
        #expect(Self.value("-9223372036854775808") == "-9223372036854775808")
        #expect(Self.value("-(-9223372036854775808)") == "eval: integer overflow")
        #expect(Self.value("[1, 2][5]").hasPrefix("eval: index out of range"))
    }

    @Test func logicAbsorbsErrorsLikeCEL() {
        #expect(Self.value("false && (1 / 0 > 0)") == "false")
        #expect(Self.value("(1 / 0 > 0) && false") == "false")
        #expect(Self.value("true || (1 / 0 > 0)") == "true")
        #expect(Self.value("(1 / 0 > 0) || true") == "true")
        #expect(Self.value("(1 / 0 > 0) || false").hasPrefix("eval: division by zero"))
        #expect(Self.value("true ? 1 : 1 / 0") == "1")
    }

    @Test func stringsAndMembership() {
        #expect(Self.value("size('考核')") == "2")
        #expect(Self.value("'b' > 'a' && 'a' < 'ab'") == "true")
        #expect(Self.value("rank in ['leader', 'unit']", ["rank": .string("leader")]) == "true")
        #expect(Self.value("'x' in {'x': 1}") == "true")
        #expect(Self.value("note.contains('作风') && note.startsWith('月') && note.endsWith('会')", ["note": .string("月度作风会")]) == "true")
        #expect(Self.value("'abc123'.matches('[0-9]+')") == "true")
        #expect(Self.value("string(1.5) + string(2) + string(true)") == "\"1.52true\"")
    }

    @Test func crossTypeNumbersCompareButDoNotAdd() {
        #expect(Self.value("rate < 90", ["rate": .double(85)]) == "true")
        #expect(Self.value("1 == 1.0") == "true")
        #expect(Self.value("90 - rate", ["rate": .double(85)]).hasPrefix("check: `-` cannot be applied to (int, double)"))
    }

    @Test func macros() {
        #expect(Self.value("[1, 2, 3].all(x, x > 0)") == "true")
        #expect(Self.value("[1, 2, 3].exists_one(x, x == 2)") == "true")
        #expect(Self.value("[1, 2, 3].map(x, x * 2)") == "[2, 4, 6]")
        #expect(Self.value("[1, 2, 3].filter(x, x % 2 == 1)") == "[1, 3]")
        #expect(Self.value("[[1], [2, 3]].map(x, x.map(y, y + 1))") == "[[2], [3, 4]]")
        #expect(Self.value("has({'a': 1}.a) && !has({'a': 1}.b)") == "true")
    }

    @Test func checkerCatchesMistakes() {
        #expect(Self.value("rat > 1", ["rate": .double(1)]) == "check: unknown variable `rat`")
        #expect(Self.value("'a' == 1").hasPrefix("check: `'a' == 1` compares string with int"))
        #expect(Self.value("size(1)").hasPrefix("check: `size` cannot be applied to (int)"))
        #expect(Self.value("foo(1)") == "check: unknown function `foo`")
    }

    @Test func syntaxErrorsPointAtTheProblem() {
        let src = ExprSource(text: "rate < (90")
        let d = src.syntaxDiagnostic
        #expect(d?.text() == "expected `)` to close `(`, found the end of the expression")
        #expect(d?.span.start.column == 11)
        #expect(ExprSource(text: "a = 1").syntaxDiagnostic?.helpText() == "use `==` to compare")
        #expect(ExprSource(text: "Msg{a: 1}").parsed.isSuccess)
        #expect(Self.value("Msg{a: 1}").hasPrefix("check: message literals"))
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(ExprSource(text: deep).syntaxDiagnostic?.text().contains("nested more than") == true)
        let chain = Array(repeating: "1", count: 5000).joined(separator: " + ")
        #expect(ExprSource(text: chain).syntaxDiagnostic?.text().contains("too many") == true)
        // The tallest tree accepted checks and evaluates on a test thread's stack.
        let tallest = Array(repeating: "1", count: ExprParser.maxHeight).joined(separator: " + ")
        #expect(Self.value(tallest) == String(ExprParser.maxHeight))
        let tooTall = Array(repeating: "1", count: ExprParser.maxHeight + 1).joined(separator: " + ")
        #expect(ExprSource(text: tooTall).syntaxDiagnostic?.text() == "expression is nested more than \(ExprParser.maxHeight) levels deep")
    }
    /// Nested comprehensions have a budget per evaluation: past it the
    /// evaluation fails (and the event is rejected) instead of running for
    /// minutes or filling memory (issue 15, item 13).
    @Test func comprehensionsHaveABudget() {
        let list = "[" + (1...1000).map(String.init).joined(separator: ", ") + "]"
        let heavy = Self.value("\(list).all(x, \(list).all(y, \(list).all(z, z > 0)))")
        #expect(heavy.contains("comprehensions take more than 1000000 steps"), "\(heavy)")
        let maps = Self.value("size(\(list).map(x, \(list).map(y, \(list).map(z, z))))")
        #expect(maps.contains("comprehensions take more than 1000000 steps"), "\(maps)")
        #expect(Self.value("\(list).all(x, \(list).exists(y, y == x))") == "true")
    }

    /// `contains` finds a needle exactly where a naive search by Unicode
    /// scalars does, on random strings built to have near-misses (the
    /// linear search replaced a quadratic one; issue 15, item 13).
    @Test func containsAgreesWithANaiveSearch() {
        func naive(_ hay: String, _ needle: String) -> Bool {
            let h = Array(hay.unicodeScalars), n = Array(needle.unicodeScalars)
            if n.isEmpty { return true }
            guard h.count >= n.count else { return false }
            return (0...(h.count - n.count)).contains { h[$0..<$0 + n.count].elementsEqual(n) }
        }
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "a", "b", "ab", "aab", "e\u{301}", "é", "中"]
        func text(_ max: Int) -> String { (0..<Int.random(in: 0...max, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined() }
        for _ in 0..<3000 {
            let hay = text(12), needle = text(4)
            let got = Self.eval("s.contains(t)", ["s": .string(hay), "t": .string(needle)])
            guard case .success(.bool(let b)) = got else { Issue.record("\(got)"); continue }
            #expect(b == naive(hay, needle), "\(hay.debugDescription).contains(\(needle.debugDescription))")
        }
    }
}

/// A failure's text, as an Error for Result.
struct EvalFailure: Error { var text: String; init(_ t: String) { text = t } }

extension Result {
    var isSuccess: Bool { if case .success = self { return true } else { return false } }

}
