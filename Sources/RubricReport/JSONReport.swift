import RubricEval
import RubricSyntax

/// `--format json`: scores, versions, the accounting and the rejects.
/// Ids, periods and numbers are for programs; a reject's `reason` is a
/// sentence for people, in the run's language.
public enum JSONReport {
    public static func render(_ e: Evaluation, language: Language = .en) -> String {
        var w = JSONWriter()
        w.beginObject()
        if let asOf = e.asOf { w.string("as_of", asOf.description) } else { w.null("as_of") }
        w.beginArray("scores")
        for p in e.periods {
            for row in p.rows {
                w.beginObject()
                w.string("unit", row.unit)
                w.string("period", p.period.description)
                w.string("version", e.versions[p.version].version)
                w.number("total", row.total)
                w.int("rank", row.rank)
                if let g = row.group { w.string("group", g) }
                if let g = row.grade { w.string("grade", g) }
                if !row.vetoedBy.isEmpty {
                    w.beginArray("vetoed_by")
                    for v in row.vetoedBy { w.string(nil, v) }
                    w.endArray()
                }
                if !p.isYear {
                    w.beginObject("categories")
                    for c in row.categories { w.number(c.id, c.score) }
                    w.endObject()
                } else if let m = row.combined {
                    w.number("combined", m)
                }
                w.number("adjustments", row.adjustmentTotal)
                w.endObject()
            }
        }
        w.endArray()
        w.beginArray("versions")
        for v in e.versions { version(&w, nil, v) }
        w.endArray()
        w.beginObject("events")
        w.int("read", e.accounting.read)
        w.int("scored", e.accounting.scored)
        w.int("rejected", e.accounting.rejected)
        w.int("after_as_of", e.accounting.afterAsOf)
        w.endObject()
        w.beginArray("rejects")
        for r in e.rejects { writeReject(&w, r, language) }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }

    /// A rubric version's provenance object.
    public static func version(_ w: inout JSONWriter, _ key: String?, _ v: VersionInfo) {
        w.beginObject(key)
        w.string("id", v.id)
        w.string("version", v.version)
        w.string("effective", v.effective)
        w.string("file", v.file)
        w.beginArray("extends")
        for f in v.extends { w.string(nil, f) }
        w.endArray()
        w.string("sha256", v.sha256)
        w.endObject()
    }

    static func writeReject(_ w: inout JSONWriter, _ r: Reject, _ language: Language) {
        w.beginObject()
        w.string("file", r.file)
        w.int("line", r.line)
        w.string("field", r.field)
        w.string("reason", Catalog.messages(language).text(r.reason))
        w.endObject()
    }

    /// One JSON Lines record for `--rejects`: the line unchanged, with where and why.
    public static func rejectLine(_ r: Reject, language: Language = .en) -> String {
        var w = JSONWriter(pretty: false)
        w.beginObject()
        w.string("file", r.file)
        w.int("line", r.line)
        w.string("field", r.field)
        w.string("reason", Catalog.messages(language).text(r.reason))
        if let position = r.position { w.string("position", position) }
        w.string("text", r.text ?? "")
        w.endObject()
        return w.text
    }
}
