import Foundation
import RubricEval
import RubricSyntax
import Testing

/// Text reaches CSV, markdown and terminals through one quoting function
/// per medium (issue 15, item 4): nothing in a unit name or a reject reason
/// becomes a formula, a new row, a broken table or a terminal command.
@Suite struct QuotingTests {
    static let hostile = ["=cmd|'/c calc'!A1", "+1+1", "@SUM(A1)", "-2+3", "\tx", "\rDROP", "a\rb", "a\r\nb", "x|y", "*em*", "<b>",
                          "\u{1B}[31mred", "\u{202E}evil", "\u{85}nel", "plain", "区财政局", "-3", "+2.5", "a,b", "say \"hi\""]

    static func records(_ csv: String) -> [[String]] {
        var out: [[String]] = []
        var pending = ""
        for line in csv.split(separator: "\n", omittingEmptySubsequences: false) {
            pending += pending.isEmpty ? String(line) : "\n" + line
            switch CSVParser.split(pending) {
            case .cells(let c): if !pending.isEmpty { out.append(c) }; pending = ""
            case .unterminated: continue
            case .malformed(let why): Issue.record("malformed CSV: \(why) in \(pending)"); pending = ""
            }
        }
        return out
    }

    @Test func csvCellsReadBackAsWrittenAndFormulasAreText() {
        var random = SystemRandomNumberGenerator()
        let pieces = Self.hostile + ["\"", ",", "\r", "\n", "'", "="]
        for _ in 0..<2000 {
            let cells = (0..<Int.random(in: 1...4, using: &random)).map { _ in
                (0..<Int.random(in: 1...3, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            }
            let data = cells.map { Quoting.csv($0, for: .data) }.joined(separator: ",")
            #expect(Self.records(data) == [cells], "\(cells)")
            let sheet = Self.records(cells.map { Quoting.csv($0, for: .spreadsheet) }.joined(separator: ","))
            #expect(sheet.count == 1 && sheet.first?.count == cells.count)
            for (written, original) in zip(sheet.first ?? [], cells) {
                let formula = "=+-@\t\r".unicodeScalars.contains(original.unicodeScalars.first!) && Double(original) == nil
                #expect(written == (formula ? "'" + original : original), "\(original) -> \(written)")
            }
        }
    }

    /// Events naming hostile units, scored, in every format.
    static func run(_ format: String) -> TestSupport.Run {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("events.jsonl")
        let lines = Self.hostile.map { u in
            #"{"date":"2024-01-05","unit":\#(Quoting.json(u)),"type":"no_leading_group"}"#
        } + [#"{"date":"2024-01-05","unit":"x","type":"no_leading_group","rank":"\u001b]0;owned\u0007"}"#]
        TestSupport.write(lines.joined(separator: "\n") + "\n", to: path)
        return TestSupport.rubric(["eval", "--keep-going", "--format", format, path.path])
    }

    @Test func csvHasOneRowPerScoreAndNoLiveFormula() {
        let r = Self.run("csv")
        #expect(r.status == 0, "\(r.stderr)")
        let rows = Self.records(r.stdout).dropFirst()
        // The event with a control sequence in an enum field is rejected; every other unit scores a quarter and the year.
        #expect(rows.count == Set(Self.hostile).count * 2, "\(rows.count) rows")
        for row in rows {
            let unit = row[0]
            if "=+-@\t\r".unicodeScalars.contains(unit.unicodeScalars.first!) { #expect(Double(unit) != nil, "a live formula: \(unit)") }
        }
    }

    @Test func markdownRowsKeepTheirCells() {
        let r = Self.run("markdown")
        #expect(r.status == 0, "\(r.stderr)")
        let table = r.stdout.split(separator: "\n").filter { $0.hasPrefix("|") }
        #expect(!table.isEmpty)
        func cells(_ line: Substring) -> Int {
            var n = 0, escaped = false
            for c in line { if c == "|" && !escaped { n += 1 }; escaped = c == "\\" && !escaped }
            return n
        }
        // Each table's rows have as many cells as its separator line (`| --- | ---: |`).
        var expected = 0
        for (i, line) in table.enumerated() {
            if line.hasPrefix("| ---") { expected = cells(line) }
            else if i + 1 < table.count && table[i + 1].hasPrefix("| ---") { continue }   // a header
            else { #expect(cells(line) == expected, "\(line)") }
        }
        #expect(expected > 0)
        #expect(!r.stdout.contains("<b>") && !r.stdout.contains("\r"))
    }

    @Test func terminalsSeeEscapesNotControlCharacters() {
        let r = Self.run("table")
        #expect(r.status == 0)
        for text in [r.stdout, r.stderr] {
            #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\r" || $0 == "\u{202E}" || $0 == "\u{85}" || $0 == "\u{07}" })
        }
        #expect(r.stdout.contains(#"\u{1B}[31mred"#) && r.stdout.contains(#"\u{202E}evil"#))
        #expect(r.stderr.contains(#"\u{1B}]0;owned\u{07}"#), "\(r.stderr)")
    }

    /// The report's printed page header carries the rubric's title in a CSS
    /// string: nothing in a title can end the string, the rule or the sheet.
    @Test func aTitleInTheStylesheetStaysAString() throws {
        #expect(Quoting.cssString("a\"b</style>\n") == "\"a\\000022 b\\00003c /style\\00003e \\00000a \"")
        #expect(Quoting.cssString("考核细则 (2024)") == "\"考核细则 (2024)\"")
        let dir = "Tests/Fixtures/eval-cases/17-bonus-if-no-deductions"
        let rules = try String(contentsOfFile: TestSupport.path("\(dir)/rules.yaml"), encoding: .utf8)
        let hostile = TestSupport.tempDir().appendingPathComponent("rules.yaml")
        let title = #"'x"; } body { display: none } </style><script>alert(1)</script>'"#
        TestSupport.write(rules.replacingOccurrences(of: "title: Bonus only without deductions", with: "title: \(title)"), to: hostile)
        let out = hostile.deletingLastPathComponent().appendingPathComponent("r.html")
        let r = TestSupport.rubric(["report", "--rules", hostile.path, "\(dir)/events.jsonl", "--output", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOf: out, encoding: .utf8)
        #expect(!html.contains("<script") && !html.contains("</style><") && html.components(separatedBy: "</style>").count == 2)
        let sheet = try #require(html.components(separatedBy: "<style>").last?.components(separatedBy: "</style>").first)
        #expect(sheet.contains(#"content: "x\000022 ; } body { display: none } \00003c /style\00003e \00003c script"#), "the title stays inside its string")
    }
}
