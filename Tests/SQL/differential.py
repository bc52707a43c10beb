#!/usr/bin/env python3
"""Differential tests of `rubric compile`: the compiled SQL, run by real
engines, must return exactly the rows `rubric eval` returns (scores, rejects
by file/line/field, accounting) on the worked cases and on generated logs
with bad lines.

    python3 Tests/SQL/differential.py [--engines duckdb,postgres,spark] [--rubric .build/debug/rubric]
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engines  # noqa: E402
import quoting_fuzz  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, **kw)
    if p.returncode not in (0,):
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), p.returncode, p.stderr[-2000:]))
    return p.stdout


class Case:
    def __init__(self, name, rules, events, roster=None, as_of=None, version=None, whole_script=False, roster_refused=False):
        self.name, self.rules, self.events, self.roster, self.as_of, self.version = name, rules, events, roster, as_of, version
        # `rubric eval` refuses the roster (exit 2, no scores); the SQL gives no scores and says why in rubric_roster_problems.
        self.roster_refused = roster_refused
        # Also run the script as one text (psql's \\i, DuckDB's execute): the way a user runs a file.
        self.whole_script = whole_script


def worked_cases():
    out = []
    dirs = [os.path.join(ROOT, "Tests/Fixtures/cases"), os.path.join(ROOT, "Tests/Fixtures/eval-cases")]
    shared = os.path.join(os.path.dirname(ROOT), "shared/rubric/cases")
    if os.path.isdir(shared):
        dirs.append(shared)
    seen = set()
    for d in dirs:
        for name in sorted(os.listdir(d)):
            c = os.path.join(d, name, "case.json")
            if not os.path.exists(c) or name in seen:
                continue
            seen.add(name)
            spec = json.load(open(c))
            rules = os.path.join(d, name, spec["rules"]) if spec.get("rules") else "rules"
            out.append(Case("case " + name, rules, [os.path.join(d, name, e) for e in spec["events"]],
                            os.path.join(d, name, spec["roster"]) if spec.get("roster") else None, spec.get("as_of")))
    return out


BAD = [
    lambda r, f: {**f, "type": "no_such_type"},
    lambda r, f: {k: v for k, v in f.items() if k != "unit"},
    lambda r, f: {**f, "date": "2024-02-30"},
    lambda r, f: {**f, "date": "24-1-5"},
    lambda r, f: {**f, "count": "0"},
    lambda r, f: {**f, "count": "1.5"},
    lambda r, f: {**f, "rate": "abc"},
    lambda r, f: {**f, "rate": "105"},
    lambda r, f: {**f, "points": "1.0000001"},
    lambda r, f: {**f, "level": "county"},
    lambda r, f: {**f, "type": "survey", "rate": None},
    lambda r, f: {**f, "type": "covert_finding", "points": "9"},
    lambda r, f: {**f, "type": "media_exposure", "level": None},
    lambda r, f: {**f, "source": "rumour"},
]


def corrupt_jsonl(src, dst, seed, rate=0.03):
    """A generated log with bad records: invalid values, missing fields, broken JSON, wrong JSON kinds."""
    rnd = random.Random(seed)
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as g:
        for line in f:
            x = rnd.random()
            if x < rate:
                obj = json.loads(line)
                obj = rnd.choice(BAD)(rnd, obj)
                obj = {k: v for k, v in obj.items() if v is not None}
                g.write(json.dumps(obj, ensure_ascii=False) + "\n")
            elif x < rate * 1.2:
                g.write(line[: len(line) // 2] + "\n")          # broken JSON
            elif x < rate * 1.4:
                obj = json.loads(line)
                obj["count"] = "2"                               # text where a number belongs
                g.write(json.dumps(obj, ensure_ascii=False) + "\n")
            elif x < rate * 1.5:
                g.write("\n")                                    # blank: skipped, not read
            else:
                g.write(line)


def corrupt_csv(src, dst, seed, rate=0.03):
    rnd = random.Random(seed)
    import csv
    with open(src, encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    with open(dst, "w", encoding="utf-8", newline="") as g:
        w = csv.writer(g)
        w.writerow(header)
        for r in rows[1:]:
            x = rnd.random()
            if x < rate:
                obj = dict(zip(header, r))
                obj = rnd.choice(BAD)(rnd, obj)
                w.writerow([obj.get(h) or "" for h in header])
            elif x < rate * 1.2:
                w.writerow(r + ["extra"])                         # wrong number of cells
            elif x < rate * 1.3:
                w.writerow([" " + c + " " if c and c[0].isdigit() and "-" not in c else c for c in r])  # padded numbers
            else:
                w.writerow(r)


def sprinkle(src, dst, seed):
    """Optional fields on some events: rates (whole, halves, odd decimals), notes, levels."""
    rnd = random.Random(seed)
    notes = ["abc", "xyz", "hmmm", "ok", "a longer note", "z", "", "考核记录"]
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as g:
        for line in f:
            obj = json.loads(line)
            if rnd.random() < 0.7:
                obj["rate"] = rnd.choice([rnd.randint(0, 100), rnd.randint(0, 199) / 2, round(rnd.uniform(0, 100), 3)])
            if rnd.random() < 0.5:
                obj["note"] = rnd.choice(notes)
            if rnd.random() < 0.3:
                obj["level"] = rnd.choice(["city", "province", "national"])
            g.write(json.dumps(obj, ensure_ascii=False) + "\n")


def whole(rules):
    """A version as one whole rules file (an overlay merged onto its bases), to copy elsewhere."""
    return run([RUBRIC, "show", "--no-origins", rules])


def mid_year_revision(tmp, name, base, changes, base_version="1"):
    """A rules directory with `base` and a copy of it taking effect on
    2024-07-01 as version 2, with each (old, new) text change made."""
    d = os.path.join(tmp, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(ROOT, base), encoding="utf-8") as src:
        text = src.read()
    revised = text.replace('version: "%s"' % base_version, 'version: "2"').replace("effective: 2024-01-01", "effective: 2024-07-01")
    for old, new in changes:
        assert old in revised, old
        revised = revised.replace(old, new)
    for f, t in (("a.yaml", text), ("b.yaml", revised)):
        with open(os.path.join(d, f), "w", encoding="utf-8") as dst:
            dst.write(t)
    return d


def generated_cases(tmp):
    out = []
    for seed in (1, 2, 3):
        base = os.path.join(tmp, "gen-%d.jsonl" % seed)
        run([RUBRIC, "generate", "--units", "25", "--events", "2500", "--seed", str(seed), "--output", base])
        bad = os.path.join(tmp, "gen-%d-bad.jsonl" % seed)
        corrupt_jsonl(base, bad, seed)
        out.append(Case("generated seed %d (JSON Lines, bad lines)" % seed, "rules", [bad], as_of=None if seed != 2 else "2024-08-15"))
        csvbase = os.path.join(tmp, "gen-%d.csv" % seed)
        run([RUBRIC, "generate", "--units", "25", "--events", "2500", "--seed", str(seed + 10), "--format", "csv", "--output", csvbase])
        badcsv = os.path.join(tmp, "gen-%d-bad.csv" % seed)
        corrupt_csv(csvbase, badcsv, seed)
        out.append(Case("generated seed %d (CSV, bad lines)" % (seed + 10), "rules", [badcsv]))
    # The 2025 revision: repeat offences, per-person caps, bonus caps, vetoes, grades with a quota.
    rev = os.path.join(tmp, "gen-rev.jsonl")
    run([RUBRIC, "generate", "--rules", "examples/revisions/work-style-2025.yaml", "--units", "30", "--events", "3000", "--seed", "5", "--year", "2025", "--output", rev])
    out.append(Case("revision 2025.1, generated", "examples/revisions/work-style-2025.yaml", [rev]))
    out.append(Case("revision 2025.1 forced on the 2024 example, with roster", "examples/revisions/work-style-2025.yaml",
                    ["examples/events-2024.jsonl"], roster="examples/roster.txt", version="2025.1"))
    # Groups of units (rank_within, units: filters), a weighted year, bonus caps on totals.
    roster = os.path.join(tmp, "kinds.csv")
    with open(roster, "w", encoding="utf-8") as f:
        # Attribute values padded with a tab, U+3000, U+00A0 or spaces: trimmed alike by eval and the SQL.
        pads = ["", "\t", "\u3000", "\u00a0", "  "]
        f.write("unit,kind\n" + "".join("U%02d,%s\n" % (i, pads[i % 5] + ["window", "office", ""][i % 3] + pads[(i + 2) % 5]) for i in range(1, 16)))
    for name in ("groups", "weighted", "bonus"):
        rules = "Tests/Fixtures/rule-tests/%s.yaml" % name
        log = os.path.join(tmp, "gen-%s.jsonl" % name)
        run([RUBRIC, "generate", "--rules", rules, "--roster", roster, "--events", "1500", "--seed", "9", "--output", log])
        bad = os.path.join(tmp, "gen-%s-bad.jsonl" % name)
        corrupt_jsonl(log, bad, 9)
        out.append(Case("%s.yaml, generated with a roster of kinds" % name, rules, [bad], roster=roster, as_of="2024-11-20" if name == "weighted" else None))
    # Items that do not apply to some units (不适用), the category rescaled, on a generated log with a roster of kinds.
    na = "Tests/Fixtures/eval-cases/18-not-applicable/rules.yaml"
    nalog = os.path.join(tmp, "gen-na.jsonl")
    run([RUBRIC, "generate", "--rules", na, "--roster", roster, "--events", "1500", "--seed", "18", "--output", nalog])
    out.append(Case("items not applicable, generated with a roster of kinds", na, [nalog], roster=roster))
    out.append(Case("items not applicable, generated, without a roster", na, [nalog]))
    # A quarter from the mean of its patrols (combine: mean), on a generated log.
    mean = "Tests/Fixtures/eval-cases/19-mean-of-patrols/rules.yaml"
    meanlog = os.path.join(tmp, "gen-mean.jsonl")
    run([RUBRIC, "generate", "--rules", mean, "--units", "15", "--events", "1500", "--seed", "19", "--output", meanlog])
    out.append(Case("combine: mean, generated", mean, [meanlog]))
    # Bonuses withheld in a period their item deducted (bonus_if_no_deductions), on a generated log.
    clean = "Tests/Fixtures/eval-cases/17-bonus-if-no-deductions/rules.yaml"
    cleanlog = os.path.join(tmp, "gen-clean.jsonl")
    run([RUBRIC, "generate", "--rules", clean, "--units", "15", "--events", "1500", "--seed", "17", "--output", cleanlog])
    out.append(Case("bonus_if_no_deductions, generated", clean, [cleanlog]))
    # Rosters `eval` refuses against the declared attributes: a kind not declared, a unit listed twice.
    for label, rows in (("a kind the rubric does not declare", "U01,window\nU02, offfice\nU03,\n"), ("a unit listed twice", "U01,window\nU02,office\nU01,office\n")):
        bad_roster = os.path.join(tmp, "kinds-%d.csv" % len(label))
        with open(bad_roster, "w", encoding="utf-8") as f:
            f.write("unit,kind\n" + rows)
        out.append(Case("groups.yaml with a roster of %s (refused)" % label, "Tests/Fixtures/rule-tests/groups.yaml",
                        [os.path.join(tmp, "gen-groups.jsonl")], roster=bad_roster, roster_refused=True))
    # Several versions side by side: each period scored by the version in effect on its first day.
    two = os.path.join(tmp, "two-years")
    os.makedirs(two, exist_ok=True)
    for f in ("rules/work-style-2024.yaml", "examples/revisions/work-style-2025.yaml"):
        with open(os.path.join(two, os.path.basename(f)), "w", encoding="utf-8") as dst:
            dst.write(whole(f))
    logs = []
    for year, rules in (("2024", "rules"), ("2025", "examples/revisions/work-style-2025.yaml")):
        p = os.path.join(tmp, "two-%s.jsonl" % year)
        run([RUBRIC, "generate", "--rules", rules, "--units", "20", "--events", "2000", "--seed", year, "--year", year, "--output", p])
        logs.append(p)
    both = os.path.join(tmp, "two-years.jsonl")
    with open(both, "w", encoding="utf-8") as g:
        for p in logs:
            g.write(open(p, encoding="utf-8").read())
    bad = os.path.join(tmp, "two-years-bad.jsonl")
    corrupt_jsonl(both, bad, 21)
    out.append(Case("versions 2024.1 and 2025.1 over two years", two, [bad]))
    mid = os.path.join(tmp, "mid-year")
    os.makedirs(mid, exist_ok=True)
    with open(os.path.join(ROOT, "rules/work-style-2024.yaml"), encoding="utf-8") as src, open(os.path.join(mid, "a.yaml"), "w", encoding="utf-8") as dst:
        dst.write(src.read())
    with open(os.path.join(mid, "b.yaml"), "w", encoding="utf-8") as dst:
        dst.write(whole("examples/revisions/work-style-2025.yaml").replace('version: "2025.1"', 'version: "2024.2"').replace("effective: 2025-01-01", "effective: 2024-07-01"))
    midlog = os.path.join(tmp, "mid-year.jsonl")
    run([RUBRIC, "generate", "--rules", "examples/revisions/work-style-2025.yaml", "--units", "20", "--events", "2500", "--seed", "8", "--year", "2024", "--output", midlog])
    out.append(Case("a revision effective mid-year (2024.2 from July)", mid, [midlog], as_of="2024-11-30"))

    # One year, one cap: a year rule capped at 5 in two versions scoring one year pools its events (once -10).
    capped = mid_year_revision(tmp, "year-cap", "rules/work-style-2024.yaml", [], base_version="2024.1")
    caplog = os.path.join(tmp, "year-cap.jsonl")
    with open(caplog, "w", encoding="utf-8") as f:
        for day, unit, kind in (("2024-02-10", "区财政局", "most_dissatisfied_department"), ("2024-08-10", "区财政局", "most_dissatisfied_department"),
                                ("2024-08-11", "区财政局", "service_model_award"), ("2024-03-01", "区教育局", "service_model_award"),
                                ("2024-09-01", "区教育局", "service_model_award"), ("2024-10-01", "区教育局", "most_dissatisfied_department")):
            f.write('{"date":"%s","unit":"%s","type":"%s"}\n' % (day, unit, kind))
    out.append(Case("a year rule's cap across two versions scoring one year", capped, [caplog], as_of="2024-12-31"))

    # Absence checks over the assessment period itself, over quarters and the year (adjustments of the year),
    # in one version and pooled across two versions scoring one year.
    abslog = os.path.join(tmp, "absences.jsonl")
    run([RUBRIC, "generate", "--rules", "Tests/Fixtures/sql/absences.yaml", "--units", "8", "--events", "300", "--seed", "5", "--output", abslog])
    out.append(Case("absences.yaml (absence over the period itself, quarters and the year)", "Tests/Fixtures/sql/absences.yaml", [abslog]))
    absdir = mid_year_revision(tmp, "absences-two", "Tests/Fixtures/sql/absences.yaml", [("at_least: 2", "at_least: 1")])
    out.append(Case("absences.yaml in two versions scoring one year", absdir, [abslog], as_of="2024-10-15"))

    # Open bounds: a category without a floor, unbounded period and year totals.
    openlog = os.path.join(tmp, "open-bounds.jsonl")
    run([RUBRIC, "generate", "--rules", "Tests/Fixtures/sql/open-bounds.yaml", "--units", "6", "--events", "400", "--seed", "6", "--output", openlog])
    out.append(Case("open-bounds.yaml (min: none)", "Tests/Fixtures/sql/open-bounds.yaml", [openlog]))

    # Caps over a longer period, granted in date order, in one version and across two versions of one year;
    # two files so that ties on a date are broken by file name.
    overlog = os.path.join(tmp, "cap-over.jsonl")
    run([RUBRIC, "generate", "--rules", "Tests/Fixtures/sql/cap-over.yaml", "--units", "6", "--events", "600", "--seed", "7", "--output", overlog])
    overlog2 = os.path.join(tmp, "cap-over-b.jsonl")
    run([RUBRIC, "generate", "--rules", "Tests/Fixtures/sql/cap-over.yaml", "--units", "6", "--events", "300", "--seed", "8", "--output", overlog2])
    out.append(Case("cap-over.yaml (caps over the year and the half, granted in date order)", "Tests/Fixtures/sql/cap-over.yaml", [overlog2, overlog]))
    overdir = mid_year_revision(tmp, "cap-over-two", "Tests/Fixtures/sql/cap-over.yaml", [("max: 6, over: year", "max: 9, over: year")])
    out.append(Case("cap-over.yaml in two versions, the cap raised from July", overdir, [overlog, overlog2], as_of="2024-11-30"))

    # Occurrence steps over several types, a step list repeating its last step, first/then on a year adjustment;
    # and across two versions of one year (the year's steps pooled, priced by the later version).
    stepslog = os.path.join(tmp, "steps.jsonl")
    run([RUBRIC, "generate", "--rules", "Tests/Fixtures/sql/steps.yaml", "--units", "6", "--events", "800", "--seed", "9", "--output", stepslog])
    out.append(Case("steps.yaml (occurrence steps)", "Tests/Fixtures/sql/steps.yaml", [stepslog]))
    stepsdir = mid_year_revision(tmp, "steps-two", "Tests/Fixtures/sql/steps.yaml", [("{first: -1, then: -5}", "{steps: [-1, -2], then: -4}")])
    out.append(Case("steps.yaml in two versions, the year's steps changed from July", stepsdir, [stepslog]))

    # Caps per person and the events without one: together, alone, rejected.
    missinglog = os.path.join(tmp, "cap-missing.jsonl")
    run([RUBRIC, "generate", "--rules", "Tests/Fixtures/sql/cap-missing.yaml", "--units", "6", "--events", "600", "--seed", "10", "--output", missinglog])
    sprinkled_missing = os.path.join(tmp, "cap-missing-persons.jsonl")
    rnd = random.Random(10)
    with open(missinglog, encoding="utf-8") as f, open(sprinkled_missing, "w", encoding="utf-8") as g:
        for line in f:
            obj = json.loads(line)
            if rnd.random() < 0.5:
                obj["person"] = rnd.choice(["张三", "李四", "王五"])
            g.write(json.dumps(obj, ensure_ascii=False) + "\n")
    out.append(Case("cap-missing.yaml (events without the per field: together, alone, rejected)", "Tests/Fixtures/sql/cap-missing.yaml", [sprinkled_missing]))

    # CEL on optional fields: error absorption, presence tests, expression errors that reject events.
    exprs = os.path.join(tmp, "gen-expr.jsonl")
    run([RUBRIC, "generate", "--rules", "Tests/Fixtures/sql/expressions.yaml", "--units", "12", "--events", "3000", "--seed", "4", "--output", exprs])
    sprinkled = os.path.join(tmp, "gen-expr-fields.jsonl")
    sprinkle(exprs, sprinkled, 4)
    out.append(Case("expressions.yaml (monthly, optional fields, expression errors)", "Tests/Fixtures/sql/expressions.yaml", [sprinkled]))
    # An as-of date before the rules take effect: no period is covered, nothing is scored (once 99 for every roster unit in SQL).
    out.append(Case("as-of before the earliest version, with roster", "rules", ["examples/events-2024.jsonl"], roster="examples/roster.txt", as_of="2023-06-30"))
    # One far date: rejected by both (once every period up to 9999 was scored for every unit).
    far = os.path.join(tmp, "far.jsonl")
    with open(far, "w", encoding="utf-8") as f:
        f.write('{"date":"9999-12-31","unit":"区财政局","type":"late_arrival"}\n{"date":"2124-12-31","unit":"区财政局","type":"late_arrival"}\n')
    out.append(Case("a far date (9999-12-31) among the example's events", "rules", ["examples/events-2024.jsonl", far], as_of="2024-12-31"))
    # Numbers an expression reads that their double would not give back: rejected by both; others scored exactly.
    out.append(Case("big-numbers.yaml (values beyond a double's six decimals)", "Tests/Fixtures/sql/big-numbers.yaml",
                    ["Tests/Fixtures/sql/big-numbers.jsonl"], as_of="2024-12-31"))
    # Hostile text in every place a rules file holds it (quotes, comments, statement ends, backslashes,
    # Spark's ${env:...}, CR/LF, bidi): the scores stay right and nothing but the script runs.
    out.append(Case("hostile text in rules and events (SQL quoting)", "Tests/Fixtures/sql/hostile-text.yaml",
                    ["Tests/Fixtures/sql/hostile-text.jsonl"], as_of="2024-12-31", whole_script=True))
    return out


def native(case):
    cmd = [RUBRIC, "eval", "--rules", case.rules, "--format", "json", "--keep-going"] + case.events
    if case.roster:
        cmd += ["--roster", case.roster]
    if case.as_of:
        cmd += ["--as-of", case.as_of]
    if case.version:
        cmd += ["--version", case.version]
    if case.roster_refused:
        p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        if p.returncode != 2 or p.stdout or "unit" not in p.stderr:
            raise RuntimeError("eval should refuse the roster (exit 2): %d %s" % (p.returncode, p.stderr[-500:]))
        return [], [], None
    doc = json.loads(run(cmd))
    scores = []
    for s in doc["scores"]:
        scores.append({
            "unit": s["unit"], "period": s["period"], "version": s["version"],
            "total": engines.number(s["total"]), "rank": s["rank"], "group": s.get("group"),
            "grade": s.get("grade"), "vetoed_by": s.get("vetoed_by", []),
            "combined": engines.number(s.get("combined")), "adjustments": engines.number(s["adjustments"]),
            "categories": {k: engines.number(v) for k, v in s["categories"].items()} if "categories" in s else None,
        })
    rejects = sorted((r["file"], r["line"], r["field"]) for r in doc["rejects"])
    return scores, rejects, doc["events"]


def compare(label, want, got):
    """Empty when equal; else the first differences."""
    if want == got:
        return []
    if isinstance(want, list):
        w = [json.dumps(x, sort_keys=True, ensure_ascii=False) for x in want]
        g = [json.dumps(x, sort_keys=True, ensure_ascii=False) for x in got]
        missing = [x for x in w if x not in set(g)][:3]
        extra = [x for x in g if x not in set(w)][:3]
        if not missing and not extra:
            return ["%s: same rows, different order" % label]
        return ["%s: %d native rows, %d SQL rows" % (label, len(w), len(g))] + ["  native only: " + x for x in missing] + ["  SQL only:    " + x for x in extra]
    return ["%s: native %s, SQL %s" % (label, want, got)]


def main():
    global RUBRIC
    ap = argparse.ArgumentParser()
    ap.add_argument("--engines", default="duckdb,postgres,spark")
    ap.add_argument("--rubric", default=os.path.join(ROOT, ".build/debug/rubric"))
    ap.add_argument("--only", default="")
    ap.add_argument("--fuzz", type=int, default=6, help="rubrics of random hostile text to add (quoting_fuzz.py)")
    ap.add_argument("--fuzz-seed", type=int, default=1)
    args = ap.parse_args()
    RUBRIC = args.rubric
    tmp = tempfile.mkdtemp(prefix="rubric-diff-")
    cases = worked_cases() + generated_cases(tmp) + quoting_fuzz.cases(Case, tmp, args.fuzz, args.fuzz_seed)
    if args.only:
        cases = [c for c in cases if args.only in c.name]
    makers = {"duckdb": engines.DuckDB, "postgres": engines.Postgres, "spark": engines.Spark}
    failures, checks = 0, 0
    for name in args.engines.split(","):
        started = time.time()
        eng = makers[name]()
        try:
            for case in cases:
                want_scores, want_rejects, want_acc = native(case)
                staged = os.path.join(tmp, "staged.csv")
                run([RUBRIC, "stage", "--rules", case.rules] + (["--version", case.version] if case.version else []) + case.events + ["--output", staged])
                cmd = [RUBRIC, "compile", "--dialect", name, "--rules", case.rules]
                if case.version:
                    cmd += ["--version", case.version]
                if case.roster:
                    cmd.append("--roster")
                script = run(cmd)
                try:
                    res = eng.run(script, staged, roster=case.roster, as_of=case.as_of)
                    problems = compare("scores", want_scores, res.scores())
                    if case.roster_refused:
                        problems += [] if res.roster_problems else ["rubric_roster_problems is empty"]
                    else:
                        problems += compare("rejects", want_rejects, sorted(res.rejects))
                        problems += compare("accounting", want_acc, res.accounting)
                    if case.whole_script and hasattr(eng, "run_whole"):
                        tables, rows = eng.run_whole(script, staged, case.as_of)
                        for t in ("events", "sentinel"):
                            if t not in tables:
                                problems.append("the whole script, run as a file, removed table %s (tables now: %s)" % (t, tables))
                        problems += compare("rows of the whole script", len(want_scores), rows)
                except Exception as e:  # an engine error is a failed check, not the end of the run
                    problems = ["the engine failed: " + str(e)[:800]]
                checks += 1
                status = "ok" if not problems else "FAIL"
                print("%-8s %-4s %s (%d rows, %d rejects)" % (name, status, case.name, len(want_scores), len(want_rejects)), flush=True)
                for p in problems:
                    print("    " + p)
                failures += bool(problems)
        finally:
            eng.close()
        print("%s: %.1f s" % (name, time.time() - started), flush=True)
    print("%d checks, %d failed" % (checks, failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
