import Foundation
import Testing

/// The report as an office uses it: printed to A4 by Chromium (print to
/// PDF) and read back with poppler's `pdftotext`, and laid out on a 1280 px
/// screen with the heading boxes measured from the DOM. `.ci/run` installs
/// Chromium, the CJK fonts and poppler-utils; a missing one fails the test.
@Suite(.serialized) struct ReportPrintTests {
    static let title = "全区机关作风和效能建设考核细则 · 考核结果通报"
    static let periods = ["2024-Q1": "2024年第一季度", "2024-Q2": "2024年第二季度", "2024-Q3": "2024年第三季度",
                          "2024-Q4": "2024年第四季度", "2024": "2024年度"]

    static func tool(_ name: String) throws -> String {
        try #require(["/usr/bin/\(name)", "/usr/local/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) },
                     "\(name) is not installed (apt-get install poppler-utils)")
    }

    static func lines(_ page: Substring) -> [String] {
        page.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    @Test func printsOnA4WithEveryUnitsTotalForEveryPeriod() throws {
        let browser = try #require(HTMLReportTests.chromium, "chromium is not installed (apt-get install chromium fonts-noto-cjk)")
        let report = HTMLReportTests.makeReport()
        let pdf = TestSupport.tempDir().appendingPathComponent("report.pdf")
        let print = TestSupport.run(browser, ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                              "--print-to-pdf=\(pdf.path)", report.absoluteString])
        #expect(print.status == 0, "\(print.stderr)")
        let info = TestSupport.run(try Self.tool("pdfinfo"), [pdf.path]).stdout
        #expect(info.contains("(A4)"), "\(info)")
        let text = TestSupport.run(try Self.tool("pdftotext"), ["-layout", pdf.path, "-"]).stdout
        let pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false).filter { !Self.lines($0).isEmpty }
        // Compact: 40 units over five periods once took 161 pages.
        #expect(pages.count > 10 && pages.count <= 70, "\(pages.count) pages")
        // The rubric's title at the top and the page number at the foot of every page.
        for (i, page) in pages.enumerated() {
            let l = Self.lines(page)
            #expect(l.first == Self.title, "page \(i + 1) starts \(l.first ?? "")")
            #expect(l.last == "第 \(i + 1) 页，共 \(pages.count) 页", "page \(i + 1) ends \(l.last ?? "")")
        }
        // Each period begins a page with its heading (the first after the report's own header).
        var start: [String: Int] = [:]
        for (id, name) in Self.periods {
            let found = pages.indices.filter { i in Self.lines(pages[i]).prefix(i == 0 ? 8 : 2).contains(name) }
            #expect(found.count == 1, "\(name) begins pages \(found)")
            start[id] = found.first
        }
        // Every unit's rank and total in every period's table, on the pages of that period.
        let eval = TestSupport.rubric(["eval", "--format", "json", "examples/events-2024.jsonl", "--roster", "examples/roster.txt"])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        let scores = try #require(obj["scores"] as? [[String: Any]])
        #expect(scores.count == 40 * 5)
        let starts = start.values.sorted()
        for s in scores {
            let period = try #require(s["period"] as? String), unit = try #require(s["unit"] as? String)
            let first = try #require(start[period])
            let end = starts.first { $0 > first } ?? first + 2
            let lines: [String] = pages[first..<min(end, first + 2)].flatMap { Self.lines($0) }
            let rows: [[String]] = lines.map { $0.split(separator: " ").map(String.init) }
            let rank = (s["rank"] as? NSNumber)?.stringValue, total = (s["total"] as? NSNumber)?.stringValue
            #expect(rows.contains { $0.count > 3 && $0[0] == rank && $0[1] == unit && $0.last == total },
                    "\(unit) \(period): rank \(rank ?? "") total \(total ?? "") not printed")
        }
        // The rules file's hash is for authors: on the last page only.
        let versions = try #require(obj["versions"] as? [[String: Any]])
        let hash = String(try #require(versions.first?["sha256"] as? String).prefix(16))
        #expect(!pages.dropLast().contains { $0.contains(hash) } && pages.last?.contains(hash) == true)
    }

    /// At 1280 px no heading of a score table sticks out of its cell or
    /// touches another (the category titles once ran together into one string).
    @Test func tableHeadingsDoNotOverlapOnAScreen() throws {
        let browser = try #require(HTMLReportTests.chromium, "chromium is not installed (apt-get install chromium fonts-noto-cjk)")
        let report = HTMLReportTests.makeReport()
        let probe = """
        <script>
        const problems = [];
        let checked = 0;
        for (const table of document.querySelectorAll('table.scores')) {
          const boxes = [...table.querySelectorAll('thead th')].map(th => {
            const range = document.createRange(); range.selectNodeContents(th);
            return { text: th.textContent, cell: th.getBoundingClientRect(), ink: range.getBoundingClientRect() };
          });
          checked += boxes.length;
          boxes.forEach((a, i) => {
            if (a.ink.left < a.cell.left - 0.5 || a.ink.right > a.cell.right + 0.5) problems.push('outside its cell: ' + a.text);
            boxes.slice(i + 1).forEach(b => {
              const sameLine = a.ink.bottom > b.ink.top && b.ink.bottom > a.ink.top;
              const gap = Math.max(b.ink.left - a.ink.right, a.ink.left - b.ink.right);
              if (sameLine && gap < 4) problems.push('touches: ' + a.text + ' | ' + b.text + ' (' + gap.toFixed(1) + ' px)');
            });
          });
        }
        document.body.setAttribute('data-checked', String(checked));
        document.body.setAttribute('data-problems', JSON.stringify(problems));
        </script>
        """
        let html = try String(contentsOf: report, encoding: .utf8).replacingOccurrences(of: "</body>", with: probe + "</body>")
        let probed = report.deletingLastPathComponent().appendingPathComponent("probed.html")
        TestSupport.write(html, to: probed)
        let dom = TestSupport.run(browser, ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,900", "--dump-dom", probed.absoluteString])
        #expect(dom.status == 0)
        let checked = dom.stdout.range(of: #"data-checked="(\d+)""#, options: .regularExpression).map { String(dom.stdout[$0].dropFirst(14).dropLast()) }
        #expect(Int(checked ?? "") ?? 0 >= 5 * 7, "headings measured: \(checked ?? "none")")
        let problems = dom.stdout.range(of: #"data-problems="[^"]*""#, options: .regularExpression).map { String(dom.stdout[$0]) }
        #expect(problems == "data-problems=\"[]\"", "\(problems ?? "no measurement")")
    }
}
