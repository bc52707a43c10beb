"""Random hostile text in every place a rules file and an events log hold
text, for the SQL differential tests: each generated rubric is scored by
`rubric eval` and by the compiled script on the real engines, which must
agree, and the script run as one text must leave every table it did not
create in place.

The pieces are what breaks quoting: quotes of each kind, backslashes,
comment and statement delimiters, Spark's `${env:...}` substitution, CR, LF,
NEL and U+2028 (line ends for some lexers and for Python), a bidi override,
a terminal escape, characters outside the BMP."""
import json
import os
import random

PIECES = ["'", "''", '"', "\\", "\\'", "$", "{", "}", "${env:HOME}", "${system:user.name}", "--", "/*", "*/", ";", "\r", "\n",
          "\r\n", "\t", "\u202e", "\u2028", "\u0085", "\x1b[31m", "中文", "`", "``", ":", " ", "a", "Z", "DROP TABLE events;",
          "%", "?", "\u00a0", "\U0001F600", "e'\\x41'", "U&'\\0041'", "$$", "$tag$", "\\u0024"]


def text(rnd, ident=False):
    """A random non-empty string of hostile pieces; `ident`: one a SQL name can carry (no controls, no `${`)."""
    while True:
        s = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 7))).strip()
        if ident:
            s = "".join(c for c in s if c.isprintable() and c not in "\u202e\u2028\u0085\u00a0").replace("${", "$_{").strip()
        if s:
            return s


def quoted(s, cel=False):
    """A double-quoted scalar holding exactly `s`: YAML's (libyaml reads these escapes), or with
    `cel`, a CEL string literal (which takes non-BMP characters as they are)."""
    out = []
    for c in s:
        o = ord(c)
        if c in '"\\':
            out.append("\\" + c)
        elif o < 0x20 or o == 0x7F or 0x80 <= o < 0xA0 or o in (0x2028, 0x2029, 0xFEFF, 0x202E):
            out.append("\\u%04X" % o)
        elif o > 0xFFFF and not cel:
            out.append("\\U%08X" % o)
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def yq(s):
    return quoted(s)


def cel(s):
    return quoted(s, cel=True)


def distinct(rnd, n, taken=(), ident=False):
    out = []
    while len(out) < n:
        s = text(rnd, ident)
        if s not in out and s not in taken:
            out.append(s)
    return out


def write_case(tmp, k, rnd):
    """Writes one rubric and events log; returns their paths."""
    kinds = distinct(rnd, 3)
    odd_type, = distinct(rnd, 1, taken=["ok"])
    rule_ids = distinct(rnd, 4)
    note, part = text(rnd), text(rnd)
    cat, extra_field = distinct(rnd, 2, ident=True, taken=["date", "unit", "type", "note", "kind"])
    grades = distinct(rnd, 2)
    q = yq
    lines = [
        "rubric:",
        "  id: " + q(text(rnd)),
        "  title: " + q(text(rnd)),
        "  version: " + q(text(rnd)),
        "  effective: 2024-01-01",
        "  description: " + q(text(rnd)),
        "periods:",
        "  assess: quarter",
        "  total: {min: 0}",
        "  year: {combine: mean, round: {places: 2, mode: half_even}}",
        "events:",
        "  date: date",
        "  unit: unit",
        "  type: type",
        "  fields:",
        "    date: date",
        "    unit: string",
        "    type: string",
        "    note: string",
        "    %s: string" % q(extra_field),
        "    kind: {type: enum, values: [%s]}" % ", ".join(q(v) for v in kinds),
        "  types:",
        "    %s: {}" % q(odd_type),
        "    ok: {require: [kind, note]}",
        "categories:",
        "  - id: " + q(cat),
        "    title: " + q(text(rnd)),
        "    max: 10",
        "    items:",
        "      - number: 1",
        "        title: " + q(text(rnd)),
        "        rules:",
        "          - {id: %s, on: %s, points: -1}" % (q(rule_ids[0]), q(odd_type)),
        "          - {id: %s, on: ok, when: %s, points: -2}" % (q(rule_ids[1]), q("note == " + cel(note))),
        "          - {id: %s, on: ok, when: %s, points: -3}" % (q(rule_ids[2]), q("kind == " + cel(kinds[0]) + " && note != " + cel(note))),
        "          - {id: %s, on: ok, when: %s, points: -0.5}" % (q(rule_ids[3]), q("!(kind == %s) && (note.contains(%s) || note.startsWith(%s))" % (cel(kinds[0]), cel(part), cel(part)))),
        "grades:",
        "  - {name: %s, min: 9}" % q(grades[0]),
        "  - {name: %s, min: 0}" % q(grades[1]),
    ]
    rules = os.path.join(tmp, "fuzz-%d.yaml" % k)
    with open(rules, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    units = distinct(rnd, 3)
    events = os.path.join(tmp, "fuzz-%d.jsonl" % k)
    with open(events, "w", encoding="utf-8") as f:
        for i in range(12):
            d = "2024-%02d-%02d" % (rnd.randint(1, 12), rnd.randint(1, 28))
            ev = {"date": d, "unit": rnd.choice(units)}
            x = rnd.random()
            if x < 0.2:
                ev["type"] = odd_type
            else:
                ev["type"] = "ok"
                ev["kind"] = rnd.choice(kinds + [text(rnd)])   # sometimes not a value: rejected
                ev["note"] = rnd.choice([note, part, text(rnd) + part, text(rnd)])
            f.write(json.dumps(ev, ensure_ascii=False) + "\n")
    return rules, events


def cases(make_case, tmp, n, seed):
    rnd = random.Random(seed)
    out = []
    for k in range(n):
        rules, events = write_case(tmp, k, rnd)
        out.append(make_case("random hostile text %d (seed %d)" % (k, seed), rules, [events], as_of="2024-12-31", whole_script=True))
    return out
