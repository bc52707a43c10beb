import Foundation
@testable import RubricEval
import RubricSyntax
import Testing

/// Event logs and rosters kept in Excel: workbooks written by openpyxl (as
/// the office's Excel writes them: dates as dates, numbers as numbers) score
/// as their CSV twins, and every problem names the sheet and cell.
@Suite struct WorkbookInputTests {
    static let example = ["--roster", "examples/roster.txt", "--format", "json"]

    /// `scripts/events-to-xlsx.py EVENTS OUT [options]`, run in the tests' Python (openpyxl).
    static func workbook(_ events: String, _ options: [String] = []) throws -> URL {
        let out = TestSupport.tempDir().appendingPathComponent("events.xlsx")
        let r = TestSupport.run("/usr/bin/env", ["python3", "scripts/events-to-xlsx.py", events, out.path] + options)
        #expect(r.status == 0, "openpyxl is needed (.ci/run installs it in .venv): \(r.stderr)")
        return out
    }

    /// Runs Python (with openpyxl) on `code`, which writes the workbook at `sys.argv[1]`.
    static func python(_ code: String, name: String = "book.xlsx") -> URL {
        let dir = TestSupport.tempDir()
        let script = dir.appendingPathComponent("make.py"), out = dir.appendingPathComponent(name)
        TestSupport.write(code, to: script)
        let r = TestSupport.run("/usr/bin/env", ["python3", script.path, out.path])
        #expect(r.status == 0, "\(r.stderr)")
        return out
    }

    /// `eval --format json`'s scores (compared as JSON values: key order aside).
    static func scores(_ run: TestSupport.Run) throws -> NSArray {
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        return try #require(obj["scores"] as? NSArray)
    }

    @Test func aWorkbookScoresAsItsCSV() throws {
        let csv = try Self.scores(TestSupport.rubric(["eval", "examples/events-2024.csv"] + Self.example))
        #expect(csv.count == 200)
        for options in [[], ["--dates-as-text"]] {
            let book = try Self.workbook("examples/events-2024.csv", options)
            for threads in ["0", "2"] {
                let run = TestSupport.rubric(["eval", book.path, "--threads", threads] + Self.example)
                #expect(run.status == 0, "\(run.stderr)")
                #expect(try Self.scores(run) == csv, "\(options) threads \(threads)")
            }
        }
        // --sheet picks a sheet by name; a name not there lists the sheets.
        let named = try Self.workbook("examples/events-2024.csv", ["--sheet", "检查记录"])
        #expect(try Self.scores(TestSupport.rubric(["eval", named.path, "--sheet", "检查记录"] + Self.example)) == csv)
        let missing = TestSupport.rubric(["eval", "--lang", "en", named.path, "--sheet", "Sheet1"])
        #expect(missing.status == 2 && missing.stderr.contains("no sheet named \"Sheet1\"; its sheets: \"检查记录\""), "\(missing.stderr)")
    }

    @Test func rejectsNameTheSheetAndTheCell() throws {
        let book = Self.python("""
        import sys, datetime, openpyxl
        wb = openpyxl.Workbook(); ws = wb.active; ws.title = "检查记录"
        ws.append(["date", "unit", "type", "count", "note"])
        ws.append([datetime.date(2024, 1, 5), "区财政局", "late_arrival", 1, "迟到, 10分钟"])
        ws.append([datetime.date(2024, 1, 6), "区财政局", "late_arrival", "两次", None])
        ws.append([datetime.date(2024, 1, 7), "区财政局", "late_arrival", "=1/0", None])
        ws["D4"] = "#DIV/0!"; ws["D4"].data_type = "e"
        ws.append([datetime.date(2024, 1, 8), "区财政局", "late_arrival", None, None, "stray"])
        ws.append([45300, "区财政局", "late_arrival"])
        wb.save(sys.argv[1])
        """)
        let run = TestSupport.rubric(["eval", "--lang", "en", book.path])
        #expect(run.status == 1)
        let at = book.path + ":检查记录!"
        #expect(run.stderr.contains(at + "D3: count: "), "\(run.stderr)")
        #expect(run.stderr.contains(at + "D4: count: the cell holds Excel's error #DIV/0!"))
        #expect(run.stderr.contains(at + "5: column F holds \"stray\" but has no name in the header row"))
        // A number in the date column that is not formatted as a date is not a date.
        #expect(run.stderr.contains(at + "A6: date: "))
        #expect(run.stderr.contains("4 条记录不予计分") || run.stderr.contains("4 events rejected"), "\(run.stderr)")
        let kept = TestSupport.rubric(["eval", book.path, "--keep-going", "--format", "json"])
        #expect(kept.status == 0 && kept.stdout.contains("\"scored\": 1"), "\(kept.stdout)")
    }

    @Test func unusableWorkbooksAreErrorsNamingTheFile() throws {
        let dir = TestSupport.tempDir()
        let text = dir.appendingPathComponent("records.xlsx")
        TestSupport.write("date,unit,type\n", to: text)
        let r = TestSupport.rubric(["eval", "--lang", "en", text.path])
        #expect(r.status == 2 && r.stderr.contains("records.xlsx: not an Excel workbook (.xlsx): it cannot be read as a zip archive"), "\(r.stderr)")
        // A zip bomb: a sheet of 300 MB of zeros, a few hundred kilobytes compressed.
        let bomb = Self.python("""
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("xl/workbook.xml", '<workbook xmlns:r="r"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>')
            z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
            z.writestr("xl/worksheets/sheet1.xml", b"0" * (300 << 20))
        """)
        let b = TestSupport.rubric(["eval", "--lang", "en", bomb.path])
        #expect(b.status == 2 && b.stderr.contains("xl/worksheets/sheet1.xml is larger than 256 MB uncompressed"), "\(b.stderr)")
        // Broken XML, and a header without the columns every event needs.
        let broken = Self.python("""
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1], "w") as z:
            z.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="S"')
        """)
        let x = TestSupport.rubric(["eval", "--lang", "en", broken.path])
        #expect(x.status == 2 && x.stderr.contains("xl/workbook.xml is not well-formed XML"), "\(x.stderr)")
        let headless = Self.python("""
        import sys, openpyxl
        wb = openpyxl.Workbook(); wb.active.append(["日期", "单位", "type"]); wb.active.append(["2024-01-05", "区财政局", "late_arrival"]); wb.save(sys.argv[1])
        """)
        let h = TestSupport.rubric(["eval", "--lang", "en", headless.path])
        #expect(h.status == 2 && h.stderr.contains(":Sheet!1: the header row has no `date`, `unit` columns"), "\(h.stderr)")
    }

    @Test func aRosterKeptInExcel() throws {
        let dir = "examples/revisions/17-window-units"
        let book = Self.python("""
        import sys, csv, openpyxl
        wb = openpyxl.Workbook(); ws = wb.active
        for row in csv.reader(open("\(dir)/roster.csv", encoding="utf-8-sig")): ws.append(row)
        wb.save(sys.argv[1])
        """, name: "roster.xlsx")
        let args = ["eval", "--rules", "rules", "--rules", dir, "examples/events-2024.jsonl", "--format", "json"]
        let fromCSV = TestSupport.rubric(args + ["--roster", "\(dir)/roster.csv"])
        let fromBook = TestSupport.rubric(args + ["--roster", book.path])
        #expect(fromBook.status == 0, "\(fromBook.stderr)")
        #expect(try Self.scores(fromBook) == Self.scores(fromCSV))
        let nameless = Self.python("""
        import sys, openpyxl
        wb = openpyxl.Workbook(); ws = wb.active; ws.title = "名单"; ws.append(["单位"]); ws.append(["区财政局"]); wb.save(sys.argv[1])
        """, name: "roster.xlsx")
        let r = TestSupport.rubric(["eval", "--lang", "en", "examples/events-2024.jsonl", "--roster", nameless.path])
        #expect(r.status == 2 && r.stderr.contains("roster.xlsx:名单!1: a roster sheet needs a header row naming a `unit` column (it has \"单位\")"), "\(r.stderr)")
    }

    /// Excel's day numbers, including the 29 February 1900 that never was.
    @Test func excelDaysAreTheDaysExcelShows() {
        let cases: [(Double, Bool, String?)] = [
            (1, false, "1900-01-01"), (59, false, "1900-02-28"), (60, false, nil), (61, false, "1900-03-01"),
            (45292, false, "2024-01-01"), (45292.75, false, "2024-01-01"), (45351, false, "2024-02-29"),
            (0, true, "1904-01-01"), (43830, true, "2024-01-01"), (0, false, nil), (-1, false, nil), (.nan, false, nil),
        ]
        for (serial, date1904, day) in cases {
            #expect(WorkbookSheet.excelDay(serial, date1904: date1904)?.description == day, "\(serial) \(date1904)")
        }
        #expect(WorkbookSheet.columnName(0) == "A" && WorkbookSheet.columnName(25) == "Z" && WorkbookSheet.columnName(26) == "AA")
        #expect(WorkbookSheet.columnIndex("C17") == 2 && WorkbookSheet.columnIndex("AB3") == 27)
    }
}
