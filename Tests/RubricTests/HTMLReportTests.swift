import Foundation
import Testing

/// The HTML report, opened in a real browser: headless Chromium (installed
/// with fonts-noto-cjk by .ci/run) renders it; the DOM it produced must
/// carry the same numbers as `rubric eval`, and its screenshot must not be blank.
@Suite(.serialized) struct HTMLReportTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static func makeReport(_ extra: [String] = []) -> URL {
        let out = TestSupport.tempDir().appendingPathComponent("report.html")
        let r = TestSupport.rubric(["report", "examples/events-2024.jsonl", "--roster", "examples/roster.txt", "--output", out.path] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        return out
    }

    @Test func reportIsSelfContained() throws {
        let html = try String(contentsOf: Self.makeReport(), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for external in ["<script", "http://", "https://", "@import", "url("] where external != "http://" {
            #expect(!html.contains(external), "the report refers to \(external)")
        }
        // The only http URL allowed is the SVG namespace, which fetches nothing.
        #expect(html.components(separatedBy: "http://").count - 1 == html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1)
        #expect(html.contains("<html lang=\"zh-CN\">") && html.contains("考核结果通报"))
        #expect(html.contains("@media print"))
        let en = try String(contentsOf: Self.makeReport(["--lang", "en"]), encoding: .utf8)
        #expect(en.contains("<html lang=\"en\">") && en.contains("Assessment results") && en.contains("全区机关作风和效能建设考核细则"))
    }

    @Test func chromiumRendersTheSameNumbersAsEval() throws {
        let browser = try #require(Self.chromium, "chromium is not installed (apt-get install chromium fonts-noto-cjk)")
        let report = Self.makeReport()
        let dom = TestSupport.run(browser, ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", report.absoluteString])
        #expect(dom.status == 0)
        let html = dom.stdout
        #expect(html.contains("</html>"))

        let eval = TestSupport.rubric(["eval", "--format", "json", "examples/events-2024.jsonl", "--roster", "examples/roster.txt"])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        let scores = try #require(obj["scores"] as? [[String: Any]])
        // The year's table: one row per unit, in eval's order, with eval's totals.
        let year = scores.filter { $0["period"] as? String == "2024" }
        #expect(year.count == 40)
        let section = try #require(Self.section(html, id: "p-2024"))
        let rendered = Self.rows(section)
        #expect(rendered.count == 40)
        for (row, score) in zip(rendered, year) {
            #expect(row.unit == score["unit"] as? String)
            #expect(row.total == (score["total"] as? NSNumber)?.stringValue)
        }
        // Every period's table has every unit; the first unit's drill-down is there.
        for p in ["p-2024-Q1", "p-2024-Q2", "p-2024-Q3", "p-2024-Q4"] {
            #expect(Self.rows(try #require(Self.section(html, id: p))).count == 40)
        }
        let first = try #require(rendered.first)
        #expect(html.contains("<section class=\"unit\" id=\"u1\" data-unit=\"\(first.unit)\">"))
        #expect(html.contains("href=\"#u1\""))
        #expect(html.contains("<svg class=\"chart\""))
    }

    @Test func screenshotIsNotBlank() throws {
        let browser = try #require(Self.chromium, "chromium is not installed (apt-get install chromium fonts-noto-cjk)")
        let report = Self.makeReport()
        let png = TestSupport.tempDir().appendingPathComponent("report.png")
        let shot = TestSupport.run(browser, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,1600",
                                             "--screenshot=\(png.path)", report.absoluteString])
        #expect(shot.status == 0)
        let stats = TestSupport.run("/usr/bin/env", ["python3", "scripts/png-stats.py", png.path])
        let parts = stats.stdout.split(separator: " ").map { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 }
        #expect(parts.count == 4, "\(stats.stdout)\(stats.stderr)")
        guard parts.count == 4 else { return }
        #expect(parts[0] == 1280 && parts[1] == 1600)
        #expect(parts[2] > 50, "too few colours: the page did not render")
        #expect(parts[3] > 0.03 && parts[3] < 0.9, "ink fraction \(parts[3]) looks blank or broken")
    }

    /// The text of `<section ... id="ID" ...>` up to its end.
    static func section(_ html: String, id: String) -> String? {
        guard let start = html.range(of: "id=\"\(id)\""), let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.lowerBound])
    }

    /// `(unit, total)` of each table row, in order.
    static func rows(_ section: String) -> [(unit: String, total: String)] {
        section.components(separatedBy: "<tr data-unit=\"").dropFirst().compactMap { chunk in
            guard let unitEnd = chunk.firstIndex(of: "\""), let t = chunk.range(of: "data-total=\"") else { return nil }
            let rest = chunk[t.upperBound...]
            guard let q = rest.firstIndex(of: "\"") else { return nil }
            return (String(chunk[..<unitEnd]), String(rest[..<q]))
        }
    }

    /// The report says how a year was combined as the finalizer combined it:
    /// a weighted year is a weighted mean with its weights, and the rounding
    /// named is the rubric's (it once called every year a mean, rounded half up).
    @Test func yearCombinationIsReportedAsComputed() throws {
        let dir = TestSupport.tempDir()
        let rules = try String(contentsOfFile: TestSupport.path("Tests/Fixtures/rule-tests/weighted.yaml"), encoding: .utf8)
        let halfEven = dir.appendingPathComponent("weighted-half-even.yaml")
        TestSupport.write(rules.replacingOccurrences(of: "mode: half_up", with: "mode: half_even"), to: halfEven)
        let events = dir.appendingPathComponent("events.jsonl")
        let gen = TestSupport.rubric(["generate", "--rules", halfEven.path, "--events", "300", "--units", "3", "--seed", "5", "--output", events.path])
        #expect(gen.status == 0, "\(gen.stderr)")
        let out = dir.appendingPathComponent("report.html")
        let r = TestSupport.rubric(["report", "--rules", halfEven.path, events.path, "--keep-going", "--out", out.path, "--lang", "zh"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOf: out, encoding: .utf8)
        #expect(html.contains("加权平均(2 × "), "\(html.prefix(200))")
        #expect(html.contains("四舍六入五成双保留 2 位小数"))
        #expect(!html.contains("四舍五入保留"))
    }

    /// Vetoed units and those in the rubric's lowest grade are marked in each
    /// period's chart (coloured, and in words, so that a grey print tells them
    /// apart) exactly as `eval` scored them.
    @Test func vetoedAndFailingUnitsAreMarkedInTheCharts() throws {
        let args = ["--rules", "rules", "--rules", "examples/revisions/04-veto", "--version", "2025.5", "examples/events-2024.jsonl", "--roster", "examples/roster.txt"]
        let out = TestSupport.tempDir().appendingPathComponent("report.html")
        #expect(TestSupport.rubric(["report", "--output", out.path] + args).status == 0)
        let html = try String(contentsOf: out, encoding: .utf8)
        let eval = TestSupport.rubric(["eval", "--format", "json"] + args)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        let scores = try #require(obj["scores"] as? [[String: Any]])
        var vetoed = 0
        for s in scores {
            let unit = try #require(s["unit"] as? String), period = try #require(s["period"] as? String)
            let section = try #require(Self.section(html, id: "p-\(period)"))
            let veto = !((s["vetoed_by"] as? [String]) ?? []).isEmpty, failing = s["grade"] as? String == "不合格"
            let cls = veto ? "bar vetoed" : failing ? "bar failing" : "bar"
            #expect(section.contains("class=\"\(cls)\"><title>\(unit) "), "\(unit) \(period) should be drawn as \(cls)")
            if veto { vetoed += 1 }
        }
        #expect(vetoed > 0, "the example has vetoed units")
        #expect(html.contains("<span class=\"vetoed\">■ 一票否决</span>") && html.contains("class=\"mark\">一票否决</text>"))
    }
}
