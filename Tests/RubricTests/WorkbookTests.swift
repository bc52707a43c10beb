import Foundation
@testable import RubricEval
import Testing

/// `eval --format xlsx` read back by two real clients of the format,
/// openpyxl and LibreOffice (both installed by .ci/run), against `--format
/// json`; and the CSV byte-order mark.
@Suite struct WorkbookTests {
    static let soffice: String? = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/lib/libreoffice/program/soffice"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Every sheet of `workbook` as LibreOffice Calc saves it to CSV: sheet name -> rows of cells.
    func libreOffice(_ workbook: URL) throws -> [String: [[String]]] {
        let soffice = try #require(Self.soffice, "LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
        let dir = TestSupport.tempDir()
        // UTF-8 (76), comma and quote, every sheet to its own file (the last option, -1).
        let r = TestSupport.run(soffice, ["-env:UserInstallation=file://\(dir.path)/profile", "--headless", "--convert-to",
                                          "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                                          "--outdir", dir.path, workbook.path])
        #expect(r.status == 0, "\(r.stderr)")
        var sheets: [String: [[String]]] = [:]
        let stem = workbook.deletingPathExtension().lastPathComponent + "-"
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) where file.hasPrefix(stem) && file.hasSuffix(".csv") {
            let text = try String(contentsOfFile: dir.appendingPathComponent(file).path, encoding: .utf8)
            sheets[String(file.dropFirst(stem.count).dropLast(4))] = text.split(separator: "\n").map { line in
                if case .cells(let c) = CSVParser.split(String(line)) { return c } else { return [String(line)] }
            }
        }
        return sheets
    }

    /// The example's scores as a workbook, and as `--format json` gives them.
    static func example() throws -> (URL, [[String: Any]]) {
        let xlsx = TestSupport.tempDir().appendingPathComponent("scores.xlsx")
        let args = ["examples/events-2024.jsonl", "--roster", "examples/roster.txt"]
        #expect(TestSupport.rubric(["eval", "--format", "xlsx", "--output", xlsx.path] + args).status == 0)
        let json = TestSupport.rubric(["eval", "--format", "json"] + args)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        return (xlsx, try #require(doc["scores"] as? [[String: Any]]))
    }

    @Test func libreOfficeReadsWhatJSONHolds() throws {
        let (xlsx, scores) = try Self.example()
        let sheets = try libreOffice(xlsx)
        #expect(Set(sheets.keys) == ["2024年第一季度", "2024年第二季度", "2024年第三季度", "2024年第四季度", "2024年度", "计分说明", "不予计分记录"])
        let names = ["2024-Q1": "2024年第一季度", "2024-Q2": "2024年第二季度", "2024-Q3": "2024年第三季度", "2024-Q4": "2024年第四季度", "2024": "2024年度"]
        for s in scores {
            let rows = try #require(sheets[names[s["period"] as! String]!])
            let total = try #require(rows.first?.firstIndex(of: "总分"))
            let row = try #require(rows.first { $0.count > total && $0[1] == s["unit"] as? String })
            #expect(row[0] == (s["rank"] as? NSNumber)?.stringValue && row[total] == (s["total"] as? NSNumber)?.stringValue,
                    "\(row) against \(s)")
        }
        #expect(sheets["计分说明"]?.contains { $0.first == "读取记录" && $0.last == "1964" } == true)
    }

    func read(_ workbook: URL) throws -> [[String: Any]] {
        let r = TestSupport.run("/usr/bin/env", ["python3", "scripts/read-xlsx.py", workbook.path])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((obj["warnings"] as? [String]) == [], "openpyxl warned: \(obj["warnings"] ?? "")")
        return try #require(obj["sheets"] as? [[String: Any]])
    }

    @Test func theWorkbookHoldsWhatJSONHolds() throws {
        let (xlsx, scores) = try Self.example()
        let sheets = try read(xlsx)
        #expect(sheets.map { $0["name"] as? String } == ["2024年第一季度", "2024年第二季度", "2024年第三季度", "2024年第四季度", "2024年度", "计分说明", "不予计分记录"])
        let names = ["2024-Q1": "2024年第一季度", "2024-Q2": "2024年第二季度", "2024-Q3": "2024年第三季度", "2024-Q4": "2024年第四季度", "2024": "2024年度"]
        var compared = 0
        for s in scores {
            let sheet = try #require(sheets.first { $0["name"] as? String == names[s["period"] as! String] })
            #expect(sheet["frozen"] as? String == "A2")
            let rows = try #require(sheet["rows"] as? [[Any]])
            let header = rows[0].map { "\($0)" }
            let row = try #require(rows.first { ($0.count > 1 ? $0[1] as? String : nil) == s["unit"] as? String })
            // Numbers are numbers, exactly the JSON's.
            #expect((row[0] as? NSNumber)?.intValue == s["rank"] as? Int)
            let total = try #require(header.firstIndex(of: "总分"))
            #expect((row[total] as? NSNumber)?.doubleValue == (s["total"] as? NSNumber)?.doubleValue)
            if let cats = s["categories"] as? [String: Any] {
                #expect(header.contains("转变机关作风、提高办事效率"))
                #expect(cats.count == header.count - 4)
            }
            compared += 1
        }
        #expect(compared == 40 * 5)
        let accounting = try #require(sheets.first { $0["name"] as? String == "计分说明" }?["rows"] as? [[Any]])
        #expect(accounting.contains { ($0.first as? String) == "读取记录" && ($0.last as? NSNumber)?.intValue == 1964 })
    }

    /// Text from a log reaches Excel as text: never a formula, control
    /// characters shown as codes, and a literal `_x0041_` not turned into `A`.
    @Test func hostileTextStaysText() throws {
        let dir = TestSupport.tempDir()
        let events = dir.appendingPathComponent("e.jsonl")
        TestSupport.write("""
        {"date": "2024-02-01", "unit": "=HYPERLINK(\\"http://x\\")", "type": "untidy_office"}
        {"date": "2024-02-01", "unit": "a\\u001bb_x0041_<c>&", "type": "untidy_office"}
        {"date": "2024-02-01", "unit": "z", "type": "no_such_type"}
        """, to: events)
        let xlsx = dir.appendingPathComponent("s.xlsx")
        let r = TestSupport.rubric(["eval", "--keep-going", "--format", "xlsx", "--output", xlsx.path, events.path])
        #expect(r.status == 0, "\(r.stderr)")
        let sheets = try read(xlsx)
        let units = (sheets[0]["rows"] as? [[Any]] ?? []).dropFirst().compactMap { $0[1] as? String }
        #expect(Set(units) == ["=HYPERLINK(\"http://x\")", "a_x001B_b_x005F_x0041_<c>&"] || Set(units) == ["=HYPERLINK(\"http://x\")", "a\u{1B}b_x0041_<c>&"], "\(units)")
        let rejects = try #require(sheets.last?["rows"] as? [[Any]])
        #expect(rejects.count == 2 && (rejects[1][1] as? NSNumber)?.intValue == 3 && (rejects[1][2] as? String) == "type")
        // LibreOffice, too, sees the formula as text, not a link to follow.
        let calc = try libreOffice(xlsx)
        let first = try #require(calc.keys.first { $0.hasPrefix("2024") }.flatMap { calc[$0] })
        #expect(first.contains { $0.count > 1 && $0[1] == "=HYPERLINK(\"http://x\")" }, "\(first)")
    }

    @Test func aWorkbookIsNotWrittenToATerminalAndCSVFilesCarryABOM() throws {
        let dir = TestSupport.tempDir()
        let csv = dir.appendingPathComponent("s.csv")
        #expect(TestSupport.rubric(["eval", "--format", "csv", "--lang", "en", "--verbose", "--output", csv.path, "examples/events-2024.jsonl"]).status == 0)
        #expect(try Data(contentsOf: csv).prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        #expect(TestSupport.rubric(["eval", "--format", "csv", "--lang", "en", "--verbose", "--no-bom", "--output", csv.path, "examples/events-2024.jsonl"]).status == 0)
        #expect(try Data(contentsOf: csv).prefix(4) == Data("unit".utf8))
        // Standard output gets no mark: another program reads it (a FIFO named by --output neither: OutputFileTests).
        #expect(TestSupport.rubric(["eval", "--format", "csv", "--lang", "en", "--verbose", "examples/events-2024.jsonl"]).stdout.hasPrefix("unit,"))
    }
}
