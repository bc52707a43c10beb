#!/usr/bin/env python3
"""Score an events file with DuckDB (scripts/duckdb/seed-rubric.sql) and
with `rubric eval`, runs interleaved (so both see the same machine), and
compare.

usage: bench-duckdb.py EVENTS [--threads N] [--runs R] [--rubric PATH-TO-BINARY]
                        [--stdin] [--duckdb-reads FILE] [--label TEXT]
EVENTS is JSON Lines or CSV (with the columns of scripts/bench-logs.py).
--stdin gives rubric the events on standard input; --duckdb-reads gives
DuckDB another file (the UTF-8 twin of a GB18030 log, which DuckDB cannot
read). Prints each one's median time over R runs at N threads, the
throughput ratio (DuckDB time / rubric time), rubric's peak RSS, and
whether every (unit, period, total) row is the same. Needs duckdb (pip).
"""
import argparse, json, os, re, statistics, subprocess, sys, time

import duckdb

here = os.path.dirname(os.path.abspath(__file__))


CSV_COLUMNS = ("{id: 'VARCHAR', date: 'DATE', unit: 'VARCHAR', type: 'VARCHAR', count: 'BIGINT', rank: 'VARCHAR', "
               "level: 'VARCHAR', points: 'DECIMAL(18,6)', rate: 'DECIMAL(18,6)', source: 'VARCHAR', person: 'VARCHAR', "
               "department: 'VARCHAR', note: 'VARCHAR'}")


def duck(events, threads):
    sql = open(os.path.join(here, "duckdb", "seed-rubric.sql"), encoding="utf-8").read().replace("{events}", events)
    if events.endswith(".csv"):
        # The same query over the CSV: quoted cells, line breaks inside them.
        sql = re.sub(r"read_json\('[^']*'.*?\}\)", f"read_csv('{events}', header = true, quote = '\"', escape = '\"', "
                     f"auto_detect = false, columns = {CSV_COLUMNS})", sql, count=1, flags=re.S)
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
    ap.add_argument("--stdin", action="store_true")
    ap.add_argument("--duckdb-reads")
    ap.add_argument("--label", default="")
    a = ap.parse_args()
    theirs_file = a.duckdb_reads or a.events
    times, mine_times, peaks, rows = [], [], [], None
    cmd = [a.rubric, "eval", "--threads", str(a.threads), "--format", "csv", "-" if a.stdin else a.events]

    rss_file = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"rubric-bench-rss-{os.getpid()}")

    def mine_run(extra_cmd=None, capture=False):
        # GNU time reports the peak RSS of rubric itself (not of the forked Python).
        c = ["/usr/bin/time", "-f", "%M", "-o", rss_file] + (extra_cmd or cmd)
        with open(a.events, "rb") as f:
            return subprocess.run(c, stdin=f if a.stdin else subprocess.DEVNULL, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, check=True)
    def cached(path):
        # Each timed run starts with its file in the page cache (read through, untimed): this VM
        # takes cached pages back while a benchmark runs, and a run that met them read from disk.
        with open(path, "rb", buffering=0) as f:
            while f.read(16 << 20):
                pass

    mine_run()  # warm-up
    for _ in range(a.runs):
        cached(theirs_file)
        t, rows = duck(theirs_file, a.threads)
        times.append(t)
        cached(a.events)
        start = time.perf_counter()
        mine_run()
        mine_times.append(time.perf_counter() - start)
        peaks.append(int(open(rss_file).read().split()[-1]))
    med, mine = statistics.median(times), statistics.median(mine_times)
    label = f"{a.label} " if a.label else ""
    print(f"{label}duckdb threads={a.threads}: median {med:.3f} s over {a.runs} runs")
    print(f"{label}rubric threads={a.threads}: median {mine:.3f} s over {a.runs} runs, peak RSS {max(peaks) / 1024:.0f} MiB")
    print(f"{label}ratio: rubric is {med / mine:.2f}x DuckDB's throughput")
    out = mine_run([a.rubric, "eval", "--format", "json", "-" if a.stdin else a.events], capture=True)
    out.stdout = out.stdout.decode("utf-8")
    mine = {(s["unit"], s["period"]): str(s["total"]) for s in json.loads(out.stdout)["scores"]}
    theirs = {(u, p): format(t.normalize(), "f") if hasattr(t, "normalize") else repr(t) for u, p, t in rows}
    diff = [k for k in set(mine) | set(theirs) if mine.get(k) != theirs.get(k)]
    print(f"rows: rubric {len(mine)}, duckdb {len(theirs)}, differing {len(diff)}")
    for k in sorted(diff)[:5]:
        print("  ", k, "rubric", mine.get(k), "duckdb", theirs.get(k))
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
