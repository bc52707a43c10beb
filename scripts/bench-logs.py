#!/usr/bin/env python3
"""Turn a `rubric generate` JSON Lines log into benchmark logs shaped like
real ones: every field of the schema on every line (id, person, department,
source, a note in Chinese with commas and quotes; rank, level, points and
rate where the line lacks them, with values no rule of the seed rubric reads
for that type), as

  BASE.jsonl          JSON Lines
  BASE.csv            CSV as Excel writes it: cells with commas, quotes or
                      line breaks quoted, quotes doubled (about 1% of notes
                      hold a line break, so their cells span lines)
  BASE.gb18030.csv    the same CSV in GB18030

usage: bench-logs.py GENERATED.jsonl BASE
Deterministic: the same input gives the same files.
"""
import json, random, sys

FIELDS = ["id", "date", "unit", "type", "count", "rank", "level", "points", "rate",
          "source", "person", "department", "note"]
SOURCES = ["routine", "patrol", "covert", "report", "survey", "appraisal", "media"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
NOTES = ["经核实，情况属实", "已通报批评, 限期整改", "群众反映：“办事慢”，已回访", "暗访发现，未在岗",
         "当事人称\"明天再来\"，已记录", "整改到位", "复查合格，予以销号"]


def cell(v):
    s = "" if v is None else str(v)
    if any(c in s for c in ',"\n\r'):
        return '"' + s.replace('"', '""') + '"'
    return s


def main():
    src, base = sys.argv[1], sys.argv[2]
    rnd = random.Random(7)
    with open(src, encoding="utf-8") as f, \
         open(base + ".jsonl", "w", encoding="utf-8") as j, \
         open(base + ".csv", "w", encoding="utf-8", newline="") as c, \
         open(base + ".gb18030.csv", "w", encoding="gb18030", newline="") as g:
        header = ",".join(FIELDS) + "\r\n"
        c.write(header)
        g.write(header)
        for i, line in enumerate(f):
            e = json.loads(line)
            e.setdefault("id", f"E{i + 1}")
            e.setdefault("count", 1)
            e.setdefault("rank", "staff")
            e.setdefault("level", "city")
            e.setdefault("points", 1)
            e.setdefault("rate", 95.5)
            e.setdefault("source", SOURCES[i % len(SOURCES)])
            e["person"] = rnd.choice(SURNAMES) + rnd.choice("伟芳娜敏静丽强磊军洋勇艳杰")
            e["department"] = rnd.choice(["办公室", "综合科", "政务服务科", "财务科"])
            note = rnd.choice(NOTES) + f"（第{i + 1}号）"
            if rnd.random() < 0.01:
                note += "\n附：另见台账"
            e["note"] = note
            row = {k: e.get(k) for k in FIELDS}
            j.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
            text = ",".join(cell(row[k]) for k in FIELDS) + "\r\n"
            c.write(text)
            g.write(text)


if __name__ == "__main__":
    main()
