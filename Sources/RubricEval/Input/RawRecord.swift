import RubricSyntax

/// A value as the input wrote it, before the schema gives it a type.
public enum RawValue: Sendable {
    /// A JSON string, or any CSV cell.
    case text(String)
    /// A JSON number, as written (so `79.5` stays exact).
    case number(String)
    case bool(Bool)
    /// JSON `null` or an empty CSV cell: the field is absent.
    case absent
    /// A JSON object or array (kept only for explanations).
    case nested(String)
}

/// One input record: its fields in input order, and where it came from.
public struct RawRecord: Sendable {
    public var fields: [(name: String, value: RawValue)]
    public var line: Int

    public init(fields: [(name: String, value: RawValue)], line: Int) {
        self.fields = fields
        self.line = line
    }
}

/// A record that could not be read or failed validation.
public struct Reject: Error, Sendable, Codable, Hashable {
    public var file: String
    public var line: Int
    /// The field at fault; empty when the record as a whole is broken.
    public var field: String
    /// Why, worded when shown in the run's language (`message(_:)`).
    public var reason: Message
    /// The input line, unchanged (for `--rejects`).
    public var text: String?
    /// Where it is when not `file:line`: a workbook's cell, `file.xlsx:Sheet1!C17`.
    public var position: String?

    public init(file: String, line: Int, field: String, reason: Message, text: String? = nil) {
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
        self.text = text
    }

    /// Where it is: `file:line`, or a workbook's `file.xlsx:Sheet1!C17`.
    public var place: String { position ?? "\(file):\(line)" }

    /// `file:line: field: reason` (`file.xlsx:Sheet1!C17: field: reason`), the reason in `language`.
    public func message(_ language: Language = .en) -> String {
        "\(place): \(field.isEmpty ? "" : field + ": ")\(Catalog.messages(language).text(reason))"
    }
}
