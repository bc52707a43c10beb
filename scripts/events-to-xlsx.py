#!/usr/bin/env python3
"""Writes an events file (CSV or JSON Lines) as an Excel workbook, the way an
office keeps its records: dates as Excel dates, numbers as numbers, text as
text, one sheet (named by --sheet). Used by the tests (WorkbookInputTests)."""
import argparse, csv, datetime, json, re
import openpyxl

ap = argparse.ArgumentParser()
ap.add_argument("events")
ap.add_argument("output")
ap.add_argument("--sheet", default="Sheet1")
ap.add_argument("--dates-as-text", action="store_true")
a = ap.parse_args()
if a.events.endswith(".csv"):
    with open(a.events, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
else:
    with open(a.events, encoding="utf-8") as f:
        rows = [json.loads(l) for l in f if l.strip()]
columns = []
for r in rows:
    for k in r:
        if k not in columns:
            columns.append(k)
wb = openpyxl.Workbook()
ws = wb.active
ws.title = a.sheet
ws.append(columns)
number = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
for r in rows:
    out = []
    for c in columns:
        v = r.get(c)
        if v is None or v == "":
            out.append(None)
        elif c == "date" and not a.dates_as_text:
            out.append(datetime.date.fromisoformat(str(v)))
        elif isinstance(v, (int, float)) or (isinstance(v, str) and number.match(v) and c not in ("id",)):
            out.append(int(v) if re.match(r"^-?[0-9]+$", str(v)) else float(v))
        else:
            out.append(v)
    ws.append(out)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, datetime.date):
            cell.number_format = "yyyy-mm-dd"
wb.save(a.output)
