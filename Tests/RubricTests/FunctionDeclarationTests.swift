import RubricCheck
@testable import RubricEval
import RubricSyntax
import Testing

/// Functions are declared once (`Functions.declarations`) and names are
/// resolved once (the checker's references): the compiler binds what the
/// checker declared and follows what it resolved.
@Suite struct FunctionDeclarationTests {
    /// Every declared function has an implementation and every
    /// implementation is declared: a function exists for the checker and
    /// the evaluator alike, or for neither. (`!_` is compiled apart.)
    @Test func declarationsAndImplementationsMatch() {
        let declared = Set(Functions.declarations.map(\.name))
        let implemented = Set(Builtins.implementations.keys)
        #expect(declared.subtracting(implemented) == [Operator.logicalNot])
        #expect(implemented.subtracting(declared).isEmpty)
    }

    /// The declaration's arity is the checker's and the evaluator's.
    @Test func arityComesFromTheDeclaration() {
        #expect(ExpressionTests.value("math.least()").hasPrefix("check:"))
        #expect(ExpressionTests.value("size('a', 'b')").hasPrefix("check:"))
        #expect(ExpressionTests.value("math.least(3, 1, 2)") == "1")
        // Unchecked (as conformance cases that disable the check run): the compiler refuses the count itself.
        let src = ExprSource(text: "math.least()")
        guard case .success(let parsed) = src.parsed else { Issue.record("parse"); return }
        let program = ExprCompiler.compile(parsed.root, references: ExprChecker.references(parsed, in: CheckEnvironment()),
                                           env: CompileEnvironment(slots: [:]))
        #expect(throws: EvalError.self) { try program(Activation(slotCount: 0)) }
    }

    /// A comprehension variable shadows the root of a dotted variable name:
    /// `a.b` inside `all(a, ...)` selects from the element, for the checker
    /// and the compiler alike (the checker once took it for the declared
    /// `a.b`, an int, and refused comparing it with a string).
    @Test func aComprehensionVariableShadowsADottedName() {
        #expect(ExpressionTests.value("[{'b': 'x'}].all(a, a.b == 'x')", ["a.b": .int(5)]) == "true")
        #expect(ExpressionTests.value("a.b + 1", ["a.b": .int(5)]) == "6")
    }

    /// A namespaced function is a function, not a method on a variable:
    /// unless a variable of that name is declared.
    @Test func namespacedFunctionsAreResolvedByTheChecker() {
        #expect(ExpressionTests.value("math.abs(-2)") == "2")
        let src = ExprSource(text: "math.abs(-2)")
        let (checked, _) = ExprChecker.check(src, in: CheckEnvironment())
        guard let checked, case .success(let parsed) = src.parsed else { Issue.record("check"); return }
        #expect(checked.references[parsed.root.id] == .function("math.abs"))
    }
}
