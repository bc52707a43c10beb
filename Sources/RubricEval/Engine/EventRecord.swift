import RubricSyntax

/// A validated event: typed field values in schema slots, ready to score.
public struct EventRecord: Sendable {
    public var type: Int
    public var unit: String
    public var day: Day
    /// Occurrences this record stands for (1 without a count field).
    public var count: Int64
    /// Field values by schema index; nil when absent.
    public var slots: [Value?]
    /// Index of the input file and physical line.
    public var file: Int
    public var line: Int
}
