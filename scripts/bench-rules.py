#!/usr/bin/env python3
"""The rubric-size benchmark's rubric: the seed rubric plus one category of
N single-type rules over N new event types (N = 500 by default), written to
OUT. `scripts/bench-rules.sh` times it against the seed rubric."""
import re
import sys

source, out = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 500
text = open(source, encoding="utf-8").read()
types = "".join(f"    extra_{i:03d}: {{title: 附加事项{i:03d}}}\n" for i in range(n))
text = text.replace("  types:\n", "  types:\n" + types, 1)
rules = "".join(f"          - {{id: extra-{i:03d}, on: extra_{i:03d}, points: -0.5, cap: 3}}\n" for i in range(n))
category = ("  - id: extra\n    title: 附加考核事项\n    max: 20\n    items:\n"
            "      - number: 99\n        title: 附加事项\n        rules:\n" + rules + "\n")
text = text.replace("# Adjustments count in a total", category + "# Adjustments count in a total", 1)
text = re.sub(r'version: "([^"]+)"', r'version: "\1-big"', text, count=1)
open(out, "w", encoding="utf-8").write(text)
