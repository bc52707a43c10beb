import RubricSyntax

/// A SQL engine the compiler writes for. Everything that differs between
/// engines (type names, quoting, integer division, regular expressions,
/// date arithmetic, parameters, materialization) is answered here, so the
/// rest of the compiler writes one query shape for all of them.
public enum Dialect: String, Sendable, CaseIterable {
    case postgres
    case spark
    case duckdb

    /// The exact type of points and totals: six decimals, as the native engine.
    var decimal: String { self == .postgres ? "NUMERIC(38,6)" : "DECIMAL(38,6)" }
    /// Text columns.
    var text: String { self == .spark ? "STRING" : "VARCHAR" }
    /// CEL `double`: IEEE 754 binary64 on every engine.
    var double: String { self == .postgres ? "DOUBLE PRECISION" : "DOUBLE" }

    /// A quoted identifier. Spark has no escape inside backquotes, so an
    /// identifier holding `${` cannot be written for it
    /// (`SQLCompiler.unwritableIdentifiers` refuses the rubric first).
    func ident(_ name: String) -> String {
        switch self {
        case .spark: return "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
        case .postgres, .duckdb: return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }

    /// A string literal: the one way text from a rules file reaches SQL.
    /// Quotes are doubled; Spark reads backslash escapes inside literals, so
    /// backslashes are doubled there. A control or line-separating character
    /// is never written raw (a script's lines are statements and comments, and
    /// it may be shown on a terminal): Spark gets its `\uXXXX` escape,
    /// PostgreSQL and DuckDB `chr(n)` joined on. A NUL cannot be written in
    /// PostgreSQL's text at all: lint refuses it in every text a rules file
    /// holds (`DiagnosticCode.badValue`), so none reaches here.
    func string(_ s: String) -> String {
        var parts: [String] = []
        var body = ""
        for c in s.unicodeScalars {
            switch c {
            case "'": body += "''"
            case "\\" where self == .spark: body += "\\\\"
            // Spark substitutes `${name}`, `${env:NAME}` and `${system:name}` in the
            // statement text before parsing it, inside literals too: `$` is written
            // as an escape so no variable is ever read into a value.
            case "$" where self == .spark: body += "\\u0024"
            default:
                guard SQLText.needsEscape(c) else { body.unicodeScalars.append(c); continue }
                if self == .spark {
                    for unit in String(c).utf16 { body += "\\u" + Quoting.hex(UInt32(unit), digits: 4) }
                } else {
                    parts.append("'" + body + "'")
                    parts.append("chr(\(c.value))")
                    body = ""
                }
            }
        }
        guard !parts.isEmpty else { return "'" + body + "'" }
        return "(" + (parts + ["'" + body + "'"]).joined(separator: " || ") + ")"
    }

    /// A date literal (`DATE '2024-01-01'`), quoted like any other text.
    func date(_ day: some CustomStringConvertible) -> String { "DATE " + string(day.description) }

    /// Text compared and sorted by code point (PostgreSQL's default collation follows the locale).
    func codePoint(_ expr: String) -> String { self == .postgres ? "(\(expr) COLLATE \"C\")" : expr }

    /// Whole `a` matches the regular expression `pattern` (anchored by the caller).
    func matches(_ expr: String, _ pattern: String) -> String {
        switch self {
        case .postgres: return "(\(expr) ~ \(string(pattern)))"
        case .spark: return "(\(expr) RLIKE \(string(pattern)))"
        case .duckdb: return "regexp_matches(\(expr), \(string(pattern)))"
        }
    }

    /// Integer division truncating toward zero (CEL's and the native engine's).
    func intDivide(_ a: String, _ b: String) -> String {
        switch self {
        case .postgres: return "((\(a)) / (\(b)))"
        case .spark: return "((\(a)) DIV (\(b)))"
        case .duckdb: return "((\(a)) // (\(b)))"
        }
    }

    /// Text to a decimal, NULL when it does not convert.
    func tryDecimal(_ expr: String, scale: Int) -> String {
        switch self {
        // PostgreSQL has no TRY_CAST; callers only pass text a pattern has checked.
        case .postgres: return "CAST(\(expr) AS NUMERIC)"
        case .spark, .duckdb: return "TRY_CAST(\(expr) AS DECIMAL(38,\(scale)))"
        }
    }

    /// `Whitespace.trimmed` (tab, space and the Unicode space separators such as
    /// U+00A0 and U+3000) trimmed from both ends: what `eval` trims from roster
    /// attributes and its header, written once for both.
    func trimWhitespace(_ expr: String) -> String {
        let set = string(String(String.UnicodeScalarView(Whitespace.trimmed)))
        switch self {
        case .postgres: return "btrim(\(expr), \(set))"
        case .spark: return "trim(BOTH \(set) FROM \(expr))"
        case .duckdb: return "trim(\(expr), \(set))"
        }
    }

    /// Spaces (only) trimmed from both ends, as the native CSV reader trims numbers.
    func trimSpaces(_ expr: String) -> String {
        switch self {
        case .postgres: return "btrim(\(expr), ' ')"
        case .spark: return "trim(BOTH ' ' FROM \(expr))"
        case .duckdb: return "trim(\(expr), ' ')"
        }
    }

    /// `date` plus `months` whole months, as a date.
    func addMonths(_ date: String, _ months: String) -> String {
        switch self {
        case .postgres: return "CAST(\(date) + (\(months)) * INTERVAL '1 month' AS DATE)"
        case .spark: return "add_months(\(date), \(months))"
        case .duckdb: return "CAST(\(date) + to_months(CAST(\(months) AS INTEGER)) AS DATE)"
        }
    }

    /// A select-list expression giving one row per first day of periods
    /// `step` months apart, from `first` to `last`.
    func monthSeries(_ first: String, _ last: String, step: Int) -> String {
        switch self {
        case .postgres:
            return "CAST(generate_series(CAST(\(first) AS TIMESTAMP), CAST(\(last) AS TIMESTAMP), INTERVAL '\(step) month') AS DATE)"
        case .spark:
            return "explode(sequence(\(first), \(last), make_interval(0, \(step))))"
        case .duckdb:
            return "CAST(unnest(generate_series(CAST(\(first) AS TIMESTAMP), CAST(\(last) AS TIMESTAMP), INTERVAL \(step) MONTH)) AS DATE)"
        }
    }

    /// The as-of date the caller set, or NULL: the dialect's own parameter mechanism.
    var asOfParameter: String {
        switch self {
        case .postgres: return "CAST(NULLIF(current_setting('rubric.as_of', true), '') AS DATE)"
        // Spark substitutes configuration values into the text; unset, the text stays and is no date.
        case .spark: return "try_cast('${rubric.as_of}' AS DATE)"
        case .duckdb: return "CAST(getvariable('rubric_as_of') AS DATE)"
        }
    }

    /// How a caller sets the as-of date, for the script's header.
    var asOfHowTo: String {
        switch self {
        case .postgres: return "SET rubric.as_of = '2024-12-31';   -- before running the script (unset: the latest scored event's date)"
        case .spark: return "SET rubric.as_of=2024-12-31;   -- before running the script; RESET rubric.as_of to unset (then: the latest scored event's date)"
        case .duckdb: return "SET VARIABLE rubric_as_of = DATE '2024-12-31';   -- before running the script (unset: the latest scored event's date)"
        }
    }

    /// Text joined with `sep` in the order of `order`.
    func joined(_ expr: String, order: String, sep: String) -> String {
        switch self {
        case .postgres: return "string_agg(\(expr), \(string(sep)) ORDER BY \(order))"
        case .duckdb: return "string_agg(\(expr), \(string(sep)) ORDER BY \(order))"
        case .spark: return "array_join(transform(array_sort(collect_list(struct(\(order) AS k, \(expr) AS v))), x -> x.v), \(string(sep)))"
        }
    }

    /// A statement creating a named relation from a query. `materialize`
    /// computes it once (a temporary table; in Spark, a table of the
    /// current database, replaced at every run).
    func create(_ name: String, _ query: String, materialize: Bool) -> String {
        switch (self, materialize) {
        // A table, not a cached view: later statements read a leaf relation instead of re-analyzing the whole chain.
        case (.spark, true): return "DROP TABLE IF EXISTS \(name);\nCREATE TABLE \(name) USING parquet AS\n\(query);"
        case (.spark, false): return "CREATE OR REPLACE TEMPORARY VIEW \(name) AS\n\(query);"
        case (.postgres, true): return "DROP TABLE IF EXISTS \(name);\nCREATE TEMPORARY TABLE \(name) AS\n\(query);"
        case (.postgres, false): return "CREATE OR REPLACE TEMPORARY VIEW \(name) AS\n\(query);"
        case (.duckdb, true): return "CREATE OR REPLACE TEMPORARY TABLE \(name) AS\n\(query);"
        case (.duckdb, false): return "CREATE OR REPLACE TEMPORARY VIEW \(name) AS\n\(query);"
        }
    }
}
