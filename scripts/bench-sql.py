#!/usr/bin/env python3
"""Times the compiled SQL on each engine next to the native engine, on a
generated log (300 units, one year): staging, loading, scoring; checks that
every engine returns the native scores.

    swift build -c release
    python3 scripts/bench-sql.py --events 1000000 --runs 3 [--engines native,duckdb,postgres,spark]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tests/SQL"))
import engines  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--engines", default="native,duckdb,postgres,spark")
    ap.add_argument("--rubric", default=os.path.join(ROOT, ".build/release/rubric"))
    ap.add_argument("--dir", default=os.path.join(ROOT, ".build-bench/sql"))
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    log = os.path.join(args.dir, "events-%d.jsonl" % args.events)
    staged = os.path.join(args.dir, "staged-%d.csv" % args.events)
    if not os.path.exists(log):
        subprocess.run([args.rubric, "generate", "--units", "300", "--events", str(args.events), "--seed", "7", "--output", log], check=True, cwd=ROOT)
    t = time.time()
    subprocess.run([args.rubric, "stage", log, "--output", staged], check=True, cwd=ROOT)
    stage_s = time.time() - t
    mb = os.path.getsize(log) / 1e6
    print("log: %s (%.0f MB); rubric stage: %.2f s (%.0f MB staged)" % (log, mb, stage_s, os.path.getsize(staged) / 1e6), flush=True)
    native_rows = None
    rows = []
    for name in args.engines.split(","):
        loads, scores = [], []
        if name == "native":
            for _ in range(args.runs):
                t = time.time()
                out = subprocess.run([args.rubric, "eval", "--rules", "rules", log, "--format", "json", "--keep-going"],
                                     check=True, cwd=ROOT, capture_output=True, text=True).stdout
                scores.append(time.time() - t)
            native_rows = sorted((s["unit"], s["period"], engines.number(s["total"]), s["rank"]) for s in json.loads(out)["scores"])
            rows.append((name, None, statistics.median(scores), "same"))
            print("native: %s" % ["%.2f" % x for x in scores], flush=True)
            continue
        script = subprocess.run([args.rubric, "compile", "--dialect", name, "--rules", "rules"], check=True, cwd=ROOT,
                                capture_output=True, text=True).stdout
        eng = {"duckdb": engines.DuckDB, "postgres": engines.Postgres, "spark": lambda: engines.Spark(memory="6g")}[name]()
        try:
            same = True
            for _ in range(args.runs):
                res = eng.run(script, staged)
                loads.append(res.load_seconds)
                scores.append(res.run_seconds)
                got = sorted((r["unit"], r["period"], r["total"], r["rank"]) for r in res.scores())
                same = same and (native_rows is None or got == native_rows)
                print("%s: load %.2f s, score %.2f s" % (name, res.load_seconds, res.run_seconds), flush=True)
        finally:
            eng.close()
        rows.append((name, statistics.median(loads), statistics.median(scores), "same" if same else "DIFFERENT"))
    print("\n| engine | load (median) | score (median) | events/s scoring | scores vs native |")
    print("| --- | --- | --- | --- | --- |")
    for name, load, score, same in rows:
        print("| %s | %s | %.2f s | %.2f M | %s |" % (name, "-" if load is None else "%.2f s" % load, score, args.events / score / 1e6, same))


if __name__ == "__main__":
    main()
