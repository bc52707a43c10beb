#!/usr/bin/env bash
# Run a libFuzzer target for a while.
#   scripts/fuzz.sh TARGET [SECONDS] [extra libFuzzer flags...]
# TARGET: FuzzRules (rules loader + checker), FuzzExpr (expression parser,
# checker, compiler, evaluator) or FuzzEvents (JSON/CSV records + validation).
# The seed corpus is Fuzz/corpus/<kind>/ (copied, never modified); what the
# run finds is kept in .build-fuzz/corpus-TARGET/, crashes and hangs land in
# Fuzz/regressions/TARGET/ (commit them: a test replays every file there).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh FuzzRules|FuzzExpr|FuzzEvents [SECONDS]}
seconds=${2:-60}
shift $(( $# >= 2 ? 2 : 1 ))
case "$target" in
  FuzzRules) kind=rules; maxlen=65536 ;;
  # Leak detection is off for expressions: ICU's (and Swift Regex's) pattern
  # parsers leak on some invalid patterns (Fuzz/regressions/FuzzExpr/leak-*);
  # rubric compiles each pattern once per process (cached), so it is bounded.
  FuzzExpr) kind=expr; maxlen=4096; set -- -detect_leaks=0 "$@"; export ASAN_OPTIONS=detect_leaks=0 ;;
  # The rubric FuzzEvents loads once into a global is reported as leaked at exit.
  FuzzEvents) kind=events; maxlen=4096; export ASAN_OPTIONS=detect_leaks=0 ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address --product "$target"
bin=$(swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address --show-bin-path)/$target
work=.build-fuzz/corpus-$target
mkdir -p "$work" "Fuzz/regressions/$target"
"$bin" "$work" "Fuzz/corpus/$kind" -max_total_time="$seconds" -max_len="$maxlen" -timeout=10 -rss_limit_mb=4096 \
  -artifact_prefix="Fuzz/regressions/$target/" -print_final_stats=1 "$@"
