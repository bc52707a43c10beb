/// A rule-test file (`*.test.yaml`): which rules it tests and its cases,
/// as written, with source positions.
public struct RuleTestDocument: Sendable {
    public var file: String
    /// The rules files or directories, relative to the test file (one, or a
    /// list: a base and a revision effective mid-year are scored together);
    /// empty for the default, `..`.
    public var rules: [Located<String>]
    public var tests: [RuleTestCase]
}

/// A scalar value of an inline event, as the test wrote it.
public enum TestScalar: Sendable, Equatable {
    case text(String)
    case number(String)
    case bool(Bool)
    case null
}

/// One inline event: its fields and the line it is written on.
public struct TestEvent: Sendable {
    public var line: Int
    public var fields: [(name: String, value: TestScalar)]
    /// The event as the file wrote it, for rejects.
    public var text: String
}

/// One test: events in, expected results out.
public struct RuleTestCase: Sendable {
    public var name: Located<String>
    public var version: String?
    public var asOf: Located<String>?
    public var roster: [String]?
    /// Roster attributes given as `{unit: X, kind: Y}` entries.
    public var rosterAttributes: [String: [String: String]] = [:]
    public var events: [TestEvent]
    public var expect: [Expectation]
    /// Expected rejects (by 1-based event number), if the test states them.
    public var rejects: [ExpectedReject]?
    /// Expected accounting (`read`, `scored`, `rejected`, `after_as_of`), if stated.
    public var accounting: [(key: String, value: Located<Int>)]
}

/// What one unit's score for one period must be. Only stated values are compared.
public struct Expectation: Sendable {
    public var unit: Located<String>
    public var period: Located<String>
    public var total: Located<Fixed>?
    public var rank: Located<Int>?
    public var grade: Located<String>?
    public var adjustments: Located<Fixed>?
    public var categories: [(id: String, points: Located<Fixed>)]
    /// Points of given rules (after their caps), by rule id.
    public var rules: [(id: String, points: Located<Fixed>)]
    public var span: SourceSpan
}

/// An event the test expects to be rejected.
public struct ExpectedReject: Sendable {
    public var event: Located<Int>
    public var field: String?
}
