#!/bin/sh
# `report` against `eval` on one log: RUNS runs each (default 5), medians
# and the ratio (issue 14: report on 8,000 units within 3x eval).
#   scripts/bench-report.sh [RUNS] [UNITS] [EVENTS]
# Builds the release binary; logs are generated once into .build/bench/.
set -eu
runs=${1:-5}; units=${2:-8000}; events=${3:-1000000}
swift build -c release --product rubric >/dev/null
bin=.build/release/rubric
dir=.build/bench; mkdir -p "$dir"
log="$dir/report-$units-$events.jsonl"
[ -f "$log" ] || "$bin" generate --units "$units" --events "$events" --seed 7 --output "$log"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_of() { # command... -> seconds
    start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N)
    echo "$end - $start" | bc
}
"$bin" eval --keep-going "$log" >/dev/null 2>&1 || true   # warm the page cache
e=""; r=""
for i in $(seq "$runs"); do
    e="$e $(time_of "$bin" eval --keep-going "$log")"
    r="$r $(time_of "$bin" report --keep-going "$log" --output "$dir/report.html")"
done
em=$(echo $e | tr ' ' '\n' | median); rm=$(echo $r | tr ' ' '\n' | median)
size=$(wc -c < "$dir/report.html")
echo "units $units, events $events: eval median ${em}s, report median ${rm}s ($size bytes of HTML), report/eval $(echo "scale=2; $rm / $em" | bc)x"
