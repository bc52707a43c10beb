/// The keys each mapping of a rules file may and must have: one list that
/// the loader checks against and the JSON Schema (`rubric schema`) is built from.
public enum RubricKeys {
    /// The allowed and required keys of one kind of mapping.
    public struct Shape: Sendable {
        public var allowed: [String]
        public var required: [String]
    }

    public static let file = Shape(allowed: ["rubric", "periods", "events", "roster", "categories", "adjustments", "grades"],
                                   required: ["rubric", "periods", "events", "categories"])
    /// An overlay: a version stating only what changes from its base (`extends`).
    public static let overlay = Shape(allowed: ["extends", "remove"] + file.allowed, required: ["extends", "rubric"])
    public static let meta = Shape(allowed: ["id", "title", "version", "effective", "description", "language"],
                                   required: ["id", "title", "version", "effective"])
    public static let periods = Shape(allowed: ["assess", "total", "year", "rank_within"], required: ["assess"])
    public static let bounds = Shape(allowed: ["min", "max"], required: [])
    public static let year = Shape(allowed: ["combine", "weights", "round", "min", "max", "bonus_max"], required: [])
    public static let total = Shape(allowed: ["min", "max", "bonus_max"], required: [])
    public static let round = Shape(allowed: ["places", "mode"], required: ["places"])
    public static let events = Shape(allowed: ["date", "unit", "type", "count", "id", "fields", "types"],
                                     required: ["date", "unit", "type", "fields", "types"])
    public static let field = Shape(allowed: ["type", "title", "min", "max", "values", "default"], required: ["type"])
    public static let eventType = Shape(allowed: ["title", "require", "ranges"], required: [])
    public static let category = Shape(allowed: ["id", "title", "max", "min", "bonus_max", "round", "items"], required: ["id", "title", "max", "items"])
    public static let item = Shape(allowed: ["number", "title", "max", "units", "rules", "bonus_if_no_deductions"], required: ["number", "title", "rules"])
    public static let rule = Shape(allowed: ["id", "title", "on", "when", "points", "combine", "cap", "scope", "absent", "veto", "units"], required: ["id", "on", "points"])
    /// A veto rule may score no points.
    public static let vetoRule = Shape(allowed: rule.allowed, required: ["id", "on"])
    public static let capPer = Shape(allowed: ["max", "per", "missing", "over"], required: ["max"])
    public static let repeatedPoints = Shape(allowed: ["first", "steps", "then"], required: [])
    /// A rule with `absent:` takes its types from there.
    public static let absenceRule = Shape(allowed: rule.allowed, required: ["id", "points"])
    public static let absent = Shape(allowed: ["on", "when", "at_least", "every"], required: ["on", "every"])
    public static let pointsTable = Shape(allowed: ["by", "table", "default"], required: ["by", "table"])
    /// A roster attribute the rubric reads (`roster: {kind: {values: [...]}}`).
    public static let rosterAttribute = Shape(allowed: ["title", "values", "required"], required: [])
    public static let grade = Shape(allowed: ["name", "min", "quota"], required: ["name", "min"])
}
