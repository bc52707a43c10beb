import RubricSyntax

/// A CEL expression written as SQL: its value, its CEL type, and the
/// condition under which evaluating it is an error in CEL (an absent field,
/// a division by zero). `error == nil` means it never fails. The value is
/// meaningful only where `error` is false.
struct SQLExpr {
    /// The CEL types the compiler writes as SQL.
    enum Kind: String {
        case int, double, string, bool
    }

    var sql: String
    var kind: Kind
    var error: String?

    init(_ sql: String, _ kind: Kind, error: String? = nil) {
        self.sql = sql
        self.kind = kind
        self.error = error
    }

    /// The error of either operand.
    static func anyError(_ parts: [String?]) -> String? {
        let es = parts.compactMap { $0 }
        return es.isEmpty ? nil : "(" + es.joined(separator: " OR ") + ")"
    }

    /// SQL true when this boolean is false without an error.
    var definitelyFalse: String {
        let f = "(NOT COALESCE(\(sql), TRUE))"
        return error.map { "(NOT \($0) AND \(f))" } ?? f
    }

    /// SQL true when this boolean is true without an error.
    var definitelyTrue: String {
        let t = "COALESCE(\(sql), FALSE)"
        return error.map { "(NOT \($0) AND \(t))" } ?? t
    }
}

/// Why an expression (or a rubric construct) cannot be compiled to SQL.
struct NotCompilable: Error {
    var message: Message
    var range: Range<Int>?
    var help: Message?
}
