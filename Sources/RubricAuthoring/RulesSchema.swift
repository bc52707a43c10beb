import Foundation
import RubricSyntax

/// The JSON Schema (draft 2020-12) of rules files, for editors with YAML
/// language support. Built from `RubricKeys`, the key lists the loader
/// itself checks, so the two cannot drift apart.
public enum RulesSchema {
    typealias JSON = [String: Any]

    static var number: JSON { ["type": "number"] }
    static var string: JSON { ["type": "string", "minLength": 1] }
    static var date: JSON { ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "a day, YYYY-MM-DD"] }
    static var expression: JSON { ["type": "string", "description": "a CEL expression over the event's fields (see docs/language.md)"] }
    static var names: JSON {
        ["description": "an event type, or a list of them", "oneOf": [string, ["type": "array", "items": string, "minItems": 1]]]
    }
    static func period(_ kinds: [PeriodKind]) -> JSON { ["enum": kinds.map(\.rawValue)] }
    static func ref(_ name: String) -> JSON { ["$ref": "#/$defs/\(name)"] }

    /// A closed object with the shape's keys (each must have a definition here).
    static func object(_ shape: RubricKeys.Shape, _ props: JSON, description: String? = nil) -> JSON {
        var p: JSON = [:]
        for k in shape.allowed { p[k] = props[k] ?? missingMarker(k) }
        var o: JSON = ["type": "object", "properties": p, "additionalProperties": false]
        if !shape.required.isEmpty { o["required"] = shape.required }
        if let description { o["description"] = description }
        return o
    }

    static func missingMarker(_ key: String) -> JSON { ["description": "UNDOCUMENTED \(key)"] }

    /// The schema as pretty-printed JSON with sorted keys (stable output).
    /// Throws only if the schema built here were not JSON (a bug, reported, not a crash).
    public static func text() throws -> String {
        let data = try JSONSerialization.data(withJSONObject: schema(), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func schema() -> JSON {
        let bounds = object(RubricKeys.bounds, ["min": number, "max": number])
        let openBound: JSON = ["description": "a number, or none for no bound", "oneOf": [number, ["const": "none"]]]
        let points: JSON = ["description": "points per occurrence: a number, an expression, a table keyed by a field, or repeat-offence points",
                            "oneOf": [number, expression, ref("pointsTable"), ref("repeatedPoints")]]
        var rule = object(RubricKeys.rule, [
            "id": string, "title": string, "on": names, "when": expression, "points": points,
            "cap": ["description": "at most this many points (in magnitude) per unit and scope period, or per value of a field",
                    "oneOf": [["type": "number", "exclusiveMinimum": 0],
                              object(RubricKeys.capPer, ["max": ["type": "number", "exclusiveMinimum": 0], "per": string, "missing": ["enum": CapMissing.allCases.map(\.rawValue)], "over": period(PeriodKind.allCases)])]],
            "scope": period([.month, .quarter, .half, .year]), "absent": ref("absent"),
            "combine": ["enum": RuleCombine.allCases.map(\.rawValue), "description": "the period's total: the sum of its occurrences' points (default), or their mean (a quarter from the mean of its monthly patrols)"],
            "veto": ["type": "string", "description": "one-vote veto: an event matching this rule sets the unit's grade to this grade"],
            "units": ["type": "object", "additionalProperties": names,
                      "description": "only units whose roster attribute has one of these values, e.g. {kind: [窗口单位]}"],
        ], description: "a rule: events of the types in `on` (or, with `absent`, their absence) score `points`")
        // Either `on` or `absent` (an absence rule).
        rule["required"] = ["id"]
        rule["anyOf"] = [["required": ["points"]], ["required": ["veto"]]]
        rule["oneOf"] = [["required": ["on"], "not": ["required": ["absent"]]], ["required": ["absent"], "not": ["required": ["on"]]]]
        let defs: JSON = [
            "bounds": bounds,
            "rule": rule,
            "absent": object(RubricKeys.absent, ["on": names, "when": expression, "at_least": ["type": "integer", "minimum": 1],
                                                 "every": period(PeriodKind.allCases)]),
            "repeatedPoints": object(RubricKeys.repeatedPoints, ["first": number, "steps": ["type": "array", "items": number, "minItems": 1], "then": number],
                                     description: "occurrence steps: the k-th occurrence in a period scores `steps[k]` (or `first`), each later one `then` (default: the last step)"),
            "pointsTable": object(RubricKeys.pointsTable, ["by": string, "table": ["type": "object", "additionalProperties": number, "minProperties": 1],
                                                           "default": number]),
            "field": ["oneOf": [["enum": FieldType.allCases.map(\.rawValue)],
                                object(RubricKeys.field, ["type": ["enum": FieldType.allCases.map(\.rawValue)], "title": string,
                                                          "min": number, "max": number, "values": ["type": "array", "items": string, "minItems": 1],
                                                          "default": number])]],
            "eventType": ["oneOf": [["type": "null"],
                                    object(RubricKeys.eventType, ["title": string, "require": ["type": "array", "items": string],
                                                                  "ranges": ["type": "object", "additionalProperties": bounds]])]],
            "item": object(RubricKeys.item, ["number": ["type": ["integer", "string"]], "title": string, "rules": ["type": "array", "items": ref("rule")],
                                             "bonus_if_no_deductions": ["type": "boolean", "description": "本项无扣分的方可加分: the item's bonuses count only in a period the item deducts nothing"],
                                             "max": ["type": "number", "exclusiveMinimum": 0, "description": "with units: the item's share of the category's maximum; a unit the item does not apply to (不适用) is scored out of the rest and rescaled"],
                                             "units": ["type": "object", "additionalProperties": names,
                                                       "description": "only units whose roster attribute has one of these values; 不适用 for the others"]]),
            "category": object(RubricKeys.category, ["id": string, "title": string, "max": ["type": "number", "exclusiveMinimum": 0],
                                                     "min": openBound, "items": ["type": "array", "items": ref("item")],
                                                     "round": object(RubricKeys.round, ["places": ["type": "integer", "minimum": 0, "maximum": Fixed.digits],
                                                                                        "mode": ["enum": ["half_up", "half_even"]]],
                                                                     description: "how a score rescaled for items that do not apply is rounded (default 2 places, half up)"),
                                                     "bonus_max": ["type": "number", "exclusiveMinimum": 0,
                                                                   "description": "at most this many bonus points per period over the category's rules"]]),
        ]
        let top = object(RubricKeys.file, [
            "rubric": object(RubricKeys.meta, ["id": string, "title": string, "version": ["type": ["string", "number"]],
                                               "effective": date, "description": ["type": "string"],
                                               "language": ["enum": Language.allCases.map(\.rawValue),
                                                            "description": "the language of the titles, and so of everything printed for this rubric (--lang overrides)"]]),
            "periods": object(RubricKeys.periods, [
                "assess": period(PeriodKind.allCases),
                "total": object(RubricKeys.total, ["min": openBound, "max": openBound,
                                                   "bonus_max": ["type": "number", "exclusiveMinimum": 0, "description": "at most this many bonus points from the period's adjustments"]]),
                "rank_within": ["type": "string", "description": "rank units within the groups of this roster attribute (分类考核)"],
                "year": object(RubricKeys.year, ["combine": ["enum": CombineKind.allCases.map(\.rawValue)],
                                                 "weights": ["type": "array", "items": ["type": "integer", "minimum": 0],
                                                             "description": "with combine: weighted, a whole-number weight per assessment period of the year"],
                                                 "round": object(RubricKeys.round, ["places": ["type": "integer", "minimum": 0, "maximum": Fixed.digits],
                                                                                    "mode": ["enum": ["half_up", "half_even"]]]),
                                                 "min": openBound, "max": openBound,
                                                 "bonus_max": ["type": "number", "exclusiveMinimum": 0, "description": "at most this many bonus points from the year's adjustments"]]),
            ]),
            "events": object(RubricKeys.events, [
                "date": string, "unit": string, "type": string, "count": string, "id": string,
                "fields": ["type": "object", "additionalProperties": ref("field")],
                "types": ["type": "object", "additionalProperties": ref("eventType"), "minProperties": 1],
            ]),
            "roster": ["type": "object", "description": "the roster's attribute columns the rubric reads (units: filters, rank_within)",
                       "additionalProperties": ["oneOf": [["type": "array", "items": string, "minItems": 1],
                                                          object(RubricKeys.rosterAttribute, ["title": string,
                                                                                              "values": ["type": "array", "items": string, "minItems": 1],
                                                                                              "required": ["type": "boolean", "description": "every unit must have a value (default true)"]])]]],
            "categories": ["type": "array", "items": ref("category")],
            "adjustments": ["type": "array", "items": ref("rule")],
            "grades": ["type": "array", "items": object(RubricKeys.grade, ["name": string, "min": number,
                                                                            "quota": ["type": "number", "exclusiveMinimum": 0, "maximum": 100,
                                                                                      "description": "at most this percentage of the units get the grade, by rank"]])],
        ], description: "A rubric for the `rubric` tool; the language is described in docs/language.md")
        var overlayDefs = defs
        overlayDefs["categoryChange"] = changes(defs["category"], keeping: ["id"], items: ref("itemChange"))
        overlayDefs["itemChange"] = changes(defs["item"], keeping: ["number"], items: nil)
        let overlay = overlaySchema(top)
        var schema: JSON = ["if": ["required": ["extends"]], "then": overlay, "else": top]
        schema["description"] = top["description"]
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = "rubric.schema.json"
        schema["title"] = "rubric rules file"
        schema["$defs"] = overlayDefs
        return schema
    }

    /// An overlay (a file with `extends`): the shape of a rules file where
    /// only the base's name and the version's own `version` and `effective`
    /// are required; categories, items and grades given merge with the
    /// base's by id, number and name, rules replace the base's whole.
    static func overlaySchema(_ top: JSON) -> JSON {
        var o = relaxed(top) as? JSON ?? [:]
        var props = o["properties"] as? JSON ?? [:]
        if var meta = props["rubric"] as? JSON { meta["required"] = ["version", "effective"]; props["rubric"] = meta }
        props["categories"] = ["type": "array", "items": ref("categoryChange"),
                               "description": "merged by id with the base's: a new id is added, an existing one changes only the keys given"]
        props["extends"] = ["description": "the base: a version among the rules files read (\"2024.1\"), or a rules file's path relative to this one",
                            "type": ["string", "number"]]
        props["remove"] = ["description": "ids of the base's rules, adjustments and categories, item numbers and grade names to drop",
                           "type": "array", "items": ["type": ["string", "integer"]]]
        for k in RubricKeys.overlay.allowed where props[k] == nil { props[k] = missingMarker(k) }
        o["properties"] = props
        o["required"] = RubricKeys.overlay.required
        o["description"] = "An overlay: a version stating only what changes from its base (`extends`); `rubric show` prints it whole"
        return o
    }

    /// A definition with only `keeping` required (and its list of items changes too).
    static func changes(_ def: Any?, keeping: [String], items: JSON?) -> JSON {
        var o = def as? JSON ?? [:]
        o["required"] = keeping
        if let items, var props = o["properties"] as? JSON {
            props["items"] = ["type": "array", "items": items]
            o["properties"] = props
        }
        return o
    }

    /// The schema without `required` anywhere inside (references are left alone: rules replace whole).
    static func relaxed(_ value: Any) -> Any {
        if var o = value as? JSON {
            o["required"] = nil
            for (k, v) in o { o[k] = relaxed(v) }
            return o
        }
        if let a = value as? [Any] { return a.map(relaxed) }
        return value
    }
}
