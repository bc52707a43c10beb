#!/usr/bin/env bash
# Reproduce the table of docs/performance.md on this machine.
#   scripts/bench-perf.sh [RUNS]
# Generates the benchmark logs (deterministic: seed 7, 300 units, one year)
# into .build-bench/ if missing, builds rubric in release mode, and times
# eval (JSON Lines and CSV, 1 and 2 threads), lint, --help, wc -l, and the
# DuckDB version of the seed rubric (pip install duckdb).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
dir=.build-bench
mkdir -p "$dir"
swift build -c release --product rubric
bin=.build/release/rubric
[ -f "$dir/events-1m.jsonl" ] || "$bin" generate --units 300 --events 1000000 --seed 7 --output "$dir/events-1m.jsonl"
[ -f "$dir/events-1m.csv" ] || "$bin" generate --units 300 --events 1000000 --seed 7 --format csv --output "$dir/events-1m.csv"
[ -f "$dir/events-10m.jsonl" ] || "$bin" generate --units 300 --events 10000000 --seed 7 --output "$dir/events-10m.jsonl"
[ -f "$dir/events-10m.csv" ] || "$bin" generate --units 300 --events 10000000 --seed 7 --format csv --output "$dir/events-10m.csv"
bench() { python3 scripts/bench-eval.py --runs "$runs" "$@"; }
for f in events-1m.jsonl events-1m.csv events-10m.jsonl events-10m.csv; do
  n=$(($(wc -l < "$dir/$f") - $([[ $f == *.csv ]] && echo 1 || echo 0)))
  b=$(stat -c %s "$dir/$f")
  for t in 1 2; do
    bench --events "$n" --bytes "$b" --label "rubric eval $f threads=$t" -- "$bin" eval --threads "$t" "$dir/$f" --format csv
  done
done
bench --bytes "$(stat -c %s "$dir/events-10m.jsonl")" --label "wc -l events-10m.jsonl" -- wc -l "$dir/events-10m.jsonl"
bench --label "rubric lint rules/" -- "$bin" lint rules/
bench --label "rubric --help" -- "$bin" --help
python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install --quiet duckdb
for t in 1 2; do python3 scripts/bench-duckdb.py "$dir/events-10m.jsonl" --runs "$runs" --threads "$t" --rubric "$bin"; done
