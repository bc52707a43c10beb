/// Every check's stable code: what `rubric lint` prints in brackets and
/// JSON gives as `code`. One list, so each code has a lint fixture
/// (`LintFixtureTests` iterates it) and a reader can look them all up.
public enum DiagnosticCode: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case badDate = "bad-date"
    case badExtends = "bad-extends"
    case badRules = "bad-rules"
    case badScope = "bad-scope"
    case badValue = "bad-value"
    case capExceedsMax = "cap-exceeds-max"
    case capNeverBinds = "cap-never-binds"
    case conflictingKeys = "conflicting-keys"
    case doubleCounting = "double-counting"
    case duplicateEffective = "duplicate-effective"
    case duplicateId = "duplicate-id"
    case duplicateKey = "duplicate-key"
    case duplicateVersion = "duplicate-version"
    case emptyFile = "empty-file"
    case emptyItem = "empty-item"
    case enumValue = "enum-value"
    case evalError = "eval-error"
    case exprSyntax = "expr-syntax"
    case missingKey = "missing-key"
    case neverMatches = "never-matches"
    case notBool = "not-bool"
    case notCompilable = "not-compilable"
    case notNumeric = "not-numeric"
    case notSupported = "not-supported"
    case optionalField = "optional-field"
    case tableIncomplete = "table-incomplete"
    case tooCostly = "too-costly"
    case tooDeep = "too-deep"
    case tooLarge = "too-large"
    case typeMismatch = "type-mismatch"
    case unknownField = "unknown-field"
    case unknownAttribute = "unknown-attribute"
    case unknownFunction = "unknown-function"
    case unknownGrade = "unknown-grade"
    case unknownId = "unknown-id"
    case unknownKey = "unknown-key"
    case unknownType = "unknown-type"
    case unreadable = "unreadable"
    case unusedType = "unused-type"
    case wrongKind = "wrong-kind"
    case yamlSyntax = "yaml-syntax"
    case zeroPoints = "zero-points"

    public var description: String { rawValue }

    /// Codes that `rubric lint` reports (the others come from `rubric
    /// compile`, `rubric expr`, `rubric test` or reading a path): each has a fixture.
    public var isLint: Bool {
        switch self {
        case .notCompilable, .evalError, .unreadable, .badRules: return false
        default: return true
        }
    }
}
