#!/usr/bin/env bash
# Rubric size (docs/performance.md): the seed rubric against the seed plus
# 500 single-type rules (scripts/bench-rules.py), each on 1M events from
# `rubric generate` (300 units, a year), 1 and 2 threads, interleaved run
# by run; medians of wall time and of peak RSS (GNU time), and the time per
# event of the large rubric over the seed's.
#   scripts/bench-rules.sh [RUNS] [RULES]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}; rules=${2:-500}
dir=.build-bench
mkdir -p "$dir/rules-$rules"
swift build -c release --product rubric
bin=.build/release/rubric
python3 scripts/bench-rules.py rules/work-style-2024.yaml "$dir/rules-$rules/rules.yaml" "$rules"
"$bin" lint "$dir/rules-$rules/rules.yaml" > /dev/null
[ -f "$dir/gen-1m.jsonl" ] || "$bin" generate --units 300 --events 1000000 --seed 7 --output "$dir/gen-1m.jsonl"
[ -f "$dir/rules-$rules/gen-1m.jsonl" ] || "$bin" generate --rules "$dir/rules-$rules/rules.yaml" --units 300 --events 1000000 --seed 7 --output "$dir/rules-$rules/gen-1m.jsonl"
log="$dir/bench-rules.log"
: > "$log"
for t in 1 2; do
  for i in $(seq "$runs"); do
    /usr/bin/time -f "seed $t %e %M" -a -o "$log" "$bin" eval --rules rules --threads $t "$dir/gen-1m.jsonl" > /dev/null
    /usr/bin/time -f "large $t %e %M" -a -o "$log" "$bin" eval --rules "$dir/rules-$rules/rules.yaml" --threads $t "$dir/rules-$rules/gen-1m.jsonl" > /dev/null
  done
done
python3 - "$log" "$dir/gen-1m.jsonl" "$dir/rules-$rules/gen-1m.jsonl" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
events = [sum(1 for _ in open(p, "rb")) for p in sys.argv[2:4]]
for t in ("1", "2"):
    med = {}
    for name in ("seed", "large"):
        times = [float(r[2]) for r in rows if r[0] == name and r[1] == t]
        rss = [int(r[3]) / 1024 for r in rows if r[0] == name and r[1] == t]
        med[name] = statistics.median(times)
        print(f"{name:5} threads={t}: median {med[name]:.3f} s over {len(times)} runs, peak RSS {statistics.median(rss):.0f} MiB")
    per = [med["seed"] / events[0], med["large"] / events[1]]
    print(f"threads={t}: time per event, large over seed: {per[1] / per[0]:.2f}x")
PY
