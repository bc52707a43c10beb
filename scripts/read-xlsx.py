#!/usr/bin/env python3
"""Print a workbook's sheets as JSON, read by openpyxl (a real client of
the format): {"sheets": [{"name": ..., "rows": [[...], ...], "frozen": "A2"}]}.

usage: read-xlsx.py FILE.xlsx
"""
import json
import sys
import warnings

import openpyxl


def main(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        rows = [[c for c in row] for row in ws.iter_rows(values_only=True)]
        sheets.append({"name": ws.title, "rows": rows, "frozen": ws.freeze_panes})
    print(json.dumps({"sheets": sheets, "warnings": [str(w.message) for w in caught]}, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main(sys.argv[1])
