import RubricCheck
import RubricEval
import RubricSyntax
import Testing

/// Lint and eval agree by construction on absent fields: when the checker
/// finds every read of an optional field guarded (`PresenceGuards`), no
/// event, whichever fields it lacks, fails on a missing field; and when it
/// reports a read, some event does.
@Suite struct PresenceGuardTests {
    /// Random conditions over two optional fields `a` (double) and `b`
    /// (string), built from presence tests, comparisons, `!`, `&&`, `||` and `?:`.
    struct Generator {
        var rng: SplitMix64
        mutating func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }

        mutating func condition(_ depth: Int) -> String {
            if depth == 0 || pick(4) == 0 {
                switch pick(6) {
                case 0: return "has(event.a)"
                case 1: return "has(event.b)"
                case 2: return "a > \(pick(5)).0"
                case 3: return "b == '\(["x", "y"][pick(2)])'"
                case 4: return "!has(event.\(["a", "b"][pick(2)]))"
                default: return ["true", "false"][pick(2)]
                }
            }
            switch pick(5) {
            case 0: return "(\(condition(depth - 1)) && \(condition(depth - 1)))"
            case 1: return "(\(condition(depth - 1)) || \(condition(depth - 1)))"
            case 2: return "!(\(condition(depth - 1)))"
            case 3: return "(\(condition(depth - 1)) ? \(condition(depth - 1)) : \(condition(depth - 1)))"
            default: return condition(0)
            }
        }
    }

    /// The fields' values in each of the events: with and without each field.
    static let events: [[String: Value]] = [
        [:], ["a": .double(3)], ["b": .string("x")], ["a": .double(1), "b": .string("y")], ["a": .double(4), "b": .string("x")],
    ]

    static func failsOnAbsentField(_ program: Program, slots: [String: Int]) -> Bool {
        for values in events {
            let a = Activation(slotCount: slots.count)
            for (name, slot) in slots { a.slots[slot] = values[name] }
            do throws(EvalError) { _ = try program(a) } catch {
                if error.message.english.contains("no such field") { return true }
            }
        }
        return false
    }

    @Test func aGuardedReadNeverMeetsAnAbsentField() {
        var gen = Generator(rng: SplitMix64(seed: 7))
        let env = CheckEnvironment(variables: ["a": .double, "b": .string], hasEvent: true, nameNoun: "field")
        let slots = ["a": 0, "b": 1]
        var (guarded, unguarded) = (0, 0)
        for _ in 0..<3000 {
            let text = gen.condition(4)
            let (checked, ds) = ExprChecker.check(ExprSource(text: text), in: env)
            guard let checked else { Issue.record("\(text): \(ds.map { $0.text() })"); continue }
            let program = ExprCompiler.compile(checked, env: CompileEnvironment(slots: slots))
            let fails = Self.failsOnAbsentField(program, slots: slots)
            if checked.unguardedReads().isEmpty {
                guarded += 1
                #expect(!fails, "lint accepts `\(text)`, eval fails on an event without a field")
            } else {
                unguarded += 1
            }
        }
        #expect(guarded > 500 && unguarded > 500, "both kinds generated: \(guarded) guarded, \(unguarded) not")
    }

    /// The guard of a rule's `when` covers its points.
    @Test func theWhenGuardsThePoints() {
        let env = CheckEnvironment(variables: ["a": .double, "b": .string], hasEvent: true, nameNoun: "field")
        let when = ExprChecker.check(ExprSource(text: "b == 'x' && has(event.a)"), in: env).0!
        let points = ExprChecker.check(ExprSource(text: "-a / 2.0"), in: env).0!
        #expect(when.presentWhenTrue == ["a"])
        #expect(points.unguardedReads(given: when.presentWhenTrue).isEmpty)
        #expect(points.unguardedReads().map(\.field) == ["a"])
        #expect(when.unguardedReads().map(\.field) == ["b"], "the read of b in the when itself is not guarded")
    }
}
