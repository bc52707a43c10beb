#!/bin/sh
# Writes each revision's diff.md under examples/revisions/: what the
# revision does to the example district's 2024 events, against the seed
# (2024.1). RevisionExampleTests checks they are current.
set -eu
cd "$(dirname "$0")/.."
RUBRIC=${RUBRIC:-.build/debug/rubric}
for dir in examples/revisions/[0-9]*/; do
    dir=${dir%/}
    file=$(ls "$dir"/*.yaml | head -n 1)
    version=$(sed -n 's/^  version: "\(.*\)"$/\1/p' "$file" | head -n 1)
    # A revision that declares roster attributes brings its roster.
    roster=examples/roster.txt
    if [ -f "$dir/roster.csv" ]; then roster="$dir/roster.csv"; fi
    "$RUBRIC" diff --rules rules --rules "$dir" --from 2024.1 --to "$version" \
        examples/events-2024.jsonl --roster "$roster" --format markdown --output "$dir/diff.md"
done
