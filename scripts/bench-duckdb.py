#!/usr/bin/env python3
"""Score an events file with DuckDB (scripts/duckdb/seed-rubric.sql) and
with `rubric eval`, runs interleaved (so both see the same machine), and
compare.

usage: bench-duckdb.py EVENTS.jsonl [--threads N] [--runs R] [--rubric PATH-TO-BINARY]
Prints each one's median time over R runs at N threads, the throughput
ratio (DuckDB time / rubric time), and whether every (unit, period, total)
row is the same. Needs `pip install duckdb`.
"""
import argparse, json, os, statistics, subprocess, sys, time

import duckdb

here = os.path.dirname(os.path.abspath(__file__))


def duck(events, threads):
    sql = open(os.path.join(here, "duckdb", "seed-rubric.sql"), encoding="utf-8").read().replace("{events}", events)
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    *setup, query = [s for s in sql.split(";") if s.strip() and not all(l.strip().startswith("--") or not l.strip() for l in s.splitlines())]
    start = time.perf_counter()
    for s in setup:
        con.execute(s)
    rows = con.execute(query).fetchall()
    return time.perf_counter() - start, rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("events")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rubric", default=".build/release/rubric")
    a = ap.parse_args()
    times, mine_times, rows = [], [], None
    cmd = [a.rubric, "eval", "--threads", str(a.threads), "--format", "csv", a.events]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm-up (page cache)
    for _ in range(a.runs):
        t, rows = duck(a.events, a.threads)
        times.append(t)
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        mine_times.append(time.perf_counter() - start)
    n = sum(1 for _ in open(a.events, "rb"))
    med, mine = statistics.median(times), statistics.median(mine_times)
    print(f"duckdb threads={a.threads}: median {med:.3f} s over {a.runs} runs ({n / med / 1e6:.2f} M events/s)")
    print(f"rubric threads={a.threads}: median {mine:.3f} s over {a.runs} runs ({n / mine / 1e6:.2f} M events/s)")
    print(f"ratio: rubric is {med / mine:.2f}x DuckDB's throughput")
    out = subprocess.run([a.rubric, "eval", "--format", "json", a.events], capture_output=True, text=True, check=True)
    mine = {(s["unit"], s["period"]): str(s["total"]) for s in json.loads(out.stdout)["scores"]}
    theirs = {(u, p): format(t.normalize(), "f") if hasattr(t, "normalize") else repr(t) for u, p, t in rows}
    diff = [k for k in set(mine) | set(theirs) if mine.get(k) != theirs.get(k)]
    print(f"rows: rubric {len(mine)}, duckdb {len(theirs)}, differing {len(diff)}")
    for k in sorted(diff)[:5]:
        print("  ", k, "rubric", mine.get(k), "duckdb", theirs.get(k))
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
