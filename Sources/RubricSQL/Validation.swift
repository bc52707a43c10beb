import RubricCheck
import RubricSyntax

/// Validation as SQL: every input row is typed or rejected with its field
/// and reason, in the order the native validator checks (broken record,
/// rules version, type, unit, date, value conversions, roster, required
/// fields, ranges).
extension ScriptPlan {
    static let numberPattern = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)$"
    /// Without an exponent: at most six decimals besides trailing zeros.
    static let sixDecimalsPattern = "^[+-]?[0-9]*([.][0-9]{0,6}0*)?$"
    static let exponentPattern = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)[eE][+-]?0*([0-9]|[12][0-9])$"
    static let datePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

    var numericFields: [Int] { schema.fields.indices.filter { schema.fields[$0].type == .number || schema.fields[$0].type == .integer } }

    mutating func validation() {
        let d = dialect
        var cols = ["CAST(source_file AS \(d.text)) AS source_file", "CAST(source_line AS BIGINT) AS source_line",
                    "NULLIF(CAST(load_error AS \(d.text)), '') AS load_error", "NULLIF(CAST(load_error_field AS \(d.text)), '') AS load_error_field"]
        for (i, f) in schema.fields.enumerated() {
            cols.append("NULLIF(CAST(\(d.ident(f.name)) AS \(d.text)), '') AS \(rawColumn(i))")
        }
        let source = versions.count > 1 ? "rubric_routed\nWHERE rubric_route = \(version)" : "events"
        relation("\(r("input"))", "Every record read\(versions.count > 1 ? " that version \(rubric.meta.version) validates" : ""): the declared fields as text (empty = absent), where it came from, and why it could not be read.",
                 "SELECT " + cols.joined(separator: ",\n       ") + "\nFROM " + source)

        // Numbers: trimmed of spaces, then converted when the text is a number the native reader accepts.
        var parsed = ["i.*"]
        for i in numericFields {
            let t = d.trimSpaces(rawColumn(i))
            let plain = "(\(d.matches(t, Self.numberPattern)) AND \(d.matches(t, Self.sixDecimalsPattern)))"
            let exp = d.matches(t, Self.exponentPattern)
            parsed.append("CASE WHEN \(plain) OR \(exp) THEN \(d.tryDecimal(t, scale: 18)) END AS n\(i)")
        }
        let df = rawColumn(schema.dateField)
        let dateShape = d.matches(df, Self.datePattern)
        parsed.append("CASE WHEN \(dateShape) THEN CAST(substr(\(df), 1, 4) AS INTEGER) END AS dy")
        parsed.append("CASE WHEN \(dateShape) THEN CAST(substr(\(df), 6, 2) AS INTEGER) END AS dm")
        parsed.append("CASE WHEN \(dateShape) THEN CAST(substr(\(df), 9, 2) AS INTEGER) END AS dd")
        // Materialized: each conversion runs once, however often the checks below read its result.
        relation("\(r("parsed"))", "Numbers and the date taken apart.", "SELECT " + parsed.joined(separator: ",\n       ") + "\nFROM \(r("input")) i",
                 materialize: true)

        var flags = ["p.*"]
        flags.append("(dy IS NOT NULL AND \(Self.isDay("dy", "dm", "dd"))) AS date_ok")
        for (i, f) in schema.fields.enumerated() {
            switch f.type {
            case .number, .integer:
                var ok = "n\(i) IS NOT NULL AND n\(i) = round(n\(i), 6) AND abs(n\(i)) <= 9223372036854.775807"
                if f.type == .integer { ok += " AND n\(i) = round(n\(i), 0)" }
                flags.append("(\(rawColumn(i)) IS NOT NULL AND NOT COALESCE(\(ok), FALSE)) AS bad\(i)")
            case .enum:
                flags.append("(\(rawColumn(i)) IS NOT NULL AND \(rawColumn(i)) NOT IN (\(SQLText.strings(f.values, d)))) AS bad\(i)")
            case .string, .date:
                continue
            }
        }
        relation("\(r("flags"))", "Which values do not convert to their field's type.", "SELECT " + flags.joined(separator: ",\n       ") + "\nFROM \(r("parsed")) p")

        relation("\(r("checked"))", "Each record typed (defaults applied), or its rejection: the field and the reason.",
                 checkedQuery(), materialize: true)
    }

    /// With several versions, each record's version is worked out once, in
    /// one relation every version's validation reads from: the script grows
    /// linearly with the number of versions (each version once routed its
    /// own records through every version's dates: 27 MB for 200 versions).
    mutating func routing() {
        relation("rubric_routed", "Every record read, with the version that validates it.",
                 "SELECT e.*, \(routeVersion()) AS rubric_route FROM events e", materialize: true)
    }

    /// Year, month and day (integers) name a real day, as `DateText.parse` decides.
    static func isDay(_ y: String, _ m: String, _ d: String) -> String {
        let daysInMonth = "CASE WHEN \(m) = 2 THEN CASE WHEN (\(y) % 4 = 0 AND \(y) % 100 <> 0) OR \(y) % 400 = 0 THEN 29 ELSE 28 END WHEN \(m) IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
        return "\(y) >= 1 AND \(m) BETWEEN 1 AND 12 AND \(d) >= 1 AND \(d) <= \(daysInMonth)"
    }

    /// The version that validates a record: the one in effect for the
    /// period of its date (read with the newest schema's date field), the
    /// newest when the date is not a day, the oldest (which rejects it) when
    /// none is in effect yet.
    func routeVersion() -> String {
        let newest = versions[versions.count - 1].schema
        let text = "NULLIF(CAST(\(dialect.ident(newest.fields[newest.dateField].name)) AS \(dialect.text)), '')"
        let (y, m, d) = ("CAST(substr(\(text), 1, 4) AS INTEGER)", "CAST(substr(\(text), 6, 2) AS INTEGER)", "CAST(substr(\(text), 9, 2) AS INTEGER)")
        let valid = Self.isDay(y, m, d)
        let newestIndex = versions.count - 1
        return "(CASE WHEN \(dialect.matches(text, Self.datePattern)) THEN (CASE WHEN \(valid) THEN \(owner(of: periodStart(assess, of: "make_date(\(y), \(m), \(d))"))) ELSE \(newestIndex) END) ELSE \(newestIndex) END)"
    }

    func badColumn(_ i: Int) -> String? {
        switch schema.fields[i].type {
        case .number, .integer, .enum: return "bad\(i)"
        case .string, .date: return nil
        }
    }

    /// The typed value of field `i`, with its default when absent.
    func typedValue(_ i: Int) -> String {
        let f = schema.fields[i]
        switch f.type {
        case .string, .date, .enum: return rawColumn(i)
        case .number:
            let v = "CASE WHEN NOT bad\(i) THEN CAST(n\(i) AS \(dialect.decimal)) END"
            return f.defaultValue.map { "COALESCE(\(v), \(SQLText.decimal($0, dialect)))" } ?? v
        case .integer:
            let v = "CASE WHEN NOT bad\(i) THEN CAST(n\(i) AS BIGINT) END"
            return f.defaultValue.map { "COALESCE(\(v), CAST(\($0.raw / Fixed.scale) AS BIGINT))" } ?? v
        }
    }

    func checkedQuery() -> String {
        let d = dialect
        let name = { (i: Int) in d.string(schema.fields[i].name) }
        let (tf, uf, df) = (rawColumn(schema.typeField), rawColumn(schema.unitField), rawColumn(schema.dateField))
        var cases: [(cond: String, field: String, reason: String)] = []
        cases.append(("load_error IS NOT NULL AND load_error_field IS NULL", "''", "load_error"))
        if !options.forcedVersion && version == 0 {
            // A day's period starts before the effective date exactly when the day is before the first period starting on or after it.
            let first = assess.firstStart(onOrAfter: rubric.meta.effective)
            cases.append(("COALESCE(day < \(d.date(first)), FALSE)", name(schema.dateField),
                          "'no rules version is in effect on ' || \(df) || \(d.string(" (the earliest takes effect \(rubric.meta.effective))"))"))
        }
        if version == versions.count - 1 {
            // Only the newest version's relation can see a day past the horizon (it owns every later day).
            let horizon = versions[versions.count - 1].meta.effective.scoringHorizon
            cases.append(("COALESCE(day > \(d.date(horizon)), FALSE)", name(schema.dateField), "\(df) || \(d.string(Day.horizonReason(horizon)))"))
        }
        let missing = { (i: Int, why: String) in d.string("\(schema.fields[i].name) missing (\(why))") }
        cases.append(("\(tf) IS NULL" + (badColumn(schema.typeField).map { " OR \($0)" } ?? ""), name(schema.typeField),
                      "CASE WHEN \(tf) IS NULL THEN \(missing(schema.typeField, "every event needs one")) ELSE 'type ' || \(tf) || ' is not valid' END"))
        cases.append(("\(tf) NOT IN (\(SQLText.strings(schema.types.map(\.name), d)))", name(schema.typeField), "'unknown type ' || \(tf)"))
        cases.append(("\(uf) IS NULL" + (badColumn(schema.unitField).map { " OR \($0)" } ?? ""), name(schema.unitField), missing(schema.unitField, "every event needs one")))
        cases.append(("\(df) IS NULL", name(schema.dateField), missing(schema.dateField, "every event needs one")))
        cases.append(("NOT date_ok", name(schema.dateField),
                      "CASE WHEN dy IS NULL THEN \(df) || ' is not a date YYYY-MM-DD' ELSE 'no such day ' || \(df) END"))
        // A value that does not convert: the first such field in schema order, or the one the loader found of the wrong kind.
        for i in schema.fields.indices {
            let kind = "load_error_field = \(name(i))"
            if let bad = badColumn(i) {
                let reason = schema.fields[i].type == .enum
                    ? "\(name(i)) || ' ' || \(rawColumn(i)) || \(d.string(" not one of " + schema.fields[i].values.joined(separator: ", ")))"
                    : "\(name(i)) || ' \"' || \(rawColumn(i)) || \(d.string("\" is not " + (schema.fields[i].type == .integer ? "a whole number" : "a number")))"
                cases.append(("\(kind) OR \(bad)", name(i), "CASE WHEN \(kind) THEN load_error ELSE \(reason) END"))
            } else {
                cases.append((kind, name(i), "load_error"))
            }
        }
        if options.roster {
            cases.append(("\(uf) NOT IN (SELECT unit FROM rubric_roster)", name(schema.unitField), "'unit not on the roster: ' || \(uf)"))
        }
        for t in schema.types {
            for r in t.required {
                cases.append(("\(tf) = \(d.string(t.name)) AND \(rawColumn(r)) IS NULL", name(r), missing(r, "required for \(t.name)")))
            }
        }
        for i in numericFields {
            let f = schema.fields[i]
            let own = schema.types.indices.filter { schema.types[$0].ranges[i] != nil }
            func bound(_ pick: ((min: Fixed?, max: Fixed?)) -> Fixed?) -> String? {
                let general = pick((f.min, f.max))
                if own.isEmpty { return general.map { SQLText.decimal($0, d) } }
                let arms = own.compactMap { t in pick(schema.bounds(i, on: t)).map { "WHEN \(d.string(schema.types[t].name)) THEN \(SQLText.decimal($0, d))" } }
                if arms.isEmpty && general == nil { return nil }
                return "CASE \(tf) " + arms.joined(separator: " ") + " ELSE " + (general.map { SQLText.decimal($0, d) } ?? "NULL") + " END"
            }
            let lo = bound { $0.min }, hi = bound { $0.max }
            let v = "CAST(n\(i) AS \(d.decimal))"
            let tests = [lo.map { "\(v) < \($0)" }, hi.map { "\(v) > \($0)" }].compactMap { $0 }
            guard !tests.isEmpty else { continue }
            cases.append(("\(rawColumn(i)) IS NOT NULL AND (\(tests.joined(separator: " OR ")))", name(i),
                          "\(name(i)) || ' ' || \(d.trimSpaces(rawColumn(i))) || ' is out of range'"))
        }
        // A number an expression reads that its double would not give back (`Fixed.isExactAsDouble`):
        // below 2^51 micro-points every value does; above, the round trip through the double decides.
        let exact = rubric.exactNumbers
        for i in numericFields where schema.fields[i].type == .number {
            let types = schema.types.indices.filter { exact[$0].contains(i) }
            guard !types.isEmpty else { continue }
            let v = "CAST(n\(i) AS \(d.decimal))"
            cases.append(("\(rawColumn(i)) IS NOT NULL AND \(tf) IN (\(SQLText.strings(types.map { schema.types[$0].name }, d))) "
                          + "AND abs(\(v)) >= \(SQLText.decimal(Fixed(raw: 1 << 51), d)) AND \(micros("CAST(\(v) AS \(d.double))")) <> \(v)", name(i),
                          "\(name(i)) || ' ' || \(d.trimSpaces(rawColumn(i))) || \(d.string(" " + CheckedRubric.inexactReason))"))
        }
        // The checks run once, giving the number of the first that fails; field and reason follow from it.
        let code = "CASE " + cases.enumerated().map { "WHEN \($0.element.cond) THEN \($0.offset)" }.joined(separator: "\n              ") + " END"
        let field = "CASE rc " + cases.enumerated().map { "WHEN \($0.offset) THEN \($0.element.field)" }.joined(separator: " ") + " END"
        let reason = "CASE rc " + cases.enumerated().map { "WHEN \($0.offset) THEN \($0.element.reason)" }.joined(separator: "\n              ") + " END"
        var cols = ["source_file", "source_line", "\(field) AS reject_field", "\(reason) AS reject_reason", "day"]
        for i in schema.fields.indices { cols.append("\(typedValue(i)) AS \(typed(i))") }
        cols.append((schema.countField.map { "COALESCE(\(typedValue($0)), CAST(1 AS BIGINT))" } ?? "CAST(1 AS BIGINT)") + " AS n")
        return "SELECT " + cols.joined(separator: ",\n       ") + "\nFROM (SELECT x.*, \(code) AS rc FROM (SELECT f.*, CASE WHEN date_ok THEN make_date(dy, dm, dd) END AS day FROM \(r("flags")) f) x) c"
    }
}
