#!/usr/bin/env bash
# The per-shape table of docs/performance.md: rubric against DuckDB running
# the same scoring, on logs shaped like real ones (every field on every
# line, notes with commas, quotes, line breaks and Chinese text), as JSON
# Lines from a file and from standard input, as Excel-quoted CSV, and as the
# same CSV in GB18030 (DuckDB reads its UTF-8 twin), at 1M and 10M events,
# 1 and 2 threads.
#   scripts/bench-shapes.sh [RUNS_1M] [RUNS_10M]
set -euo pipefail
cd "$(dirname "$0")/.."
r1=${1:-5}; r10=${2:-3}
dir=.build-bench
mkdir -p "$dir"
swift build -c release --product rubric
bin=.build/release/rubric
[ -d .venv ] || python3 -m venv .venv
. .venv/bin/activate
python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install --quiet duckdb
for size in 1m 10m; do
  n=1000000; [ $size = 10m ] && n=10000000
  [ -f "$dir/gen-$size.jsonl" ] || "$bin" generate --units 300 --events $n --seed 7 --output "$dir/gen-$size.jsonl"
  [ -f "$dir/full-$size.gb18030.csv" ] || python3 scripts/bench-logs.py "$dir/gen-$size.jsonl" "$dir/full-$size"
done
for size in 1m 10m; do
  runs=$r1; [ $size = 10m ] && runs=$r10
  for t in 1 2; do
    python3 scripts/bench-duckdb.py "$dir/full-$size.jsonl" --threads $t --runs $runs --label "$size jsonl file"
    python3 scripts/bench-duckdb.py "$dir/full-$size.jsonl" --threads $t --runs $runs --stdin --label "$size jsonl stdin"
    python3 scripts/bench-duckdb.py "$dir/full-$size.csv" --threads $t --runs $runs --label "$size csv file"
    python3 scripts/bench-duckdb.py "$dir/full-$size.gb18030.csv" --duckdb-reads "$dir/full-$size.csv" --threads $t --runs $runs --label "$size gb18030 csv"
  done
done
