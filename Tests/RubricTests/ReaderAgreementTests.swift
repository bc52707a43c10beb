import Foundation
import RubricCheck
import RubricEval
import RubricReport
import RubricSyntax
import Testing

/// The readers cannot disagree: the cases where the byte-level reader and
/// the general one once did (issue 14), scored at every thread count and
/// with files cut into small parts, must give one rendering or one error.
@Suite struct ReaderAgreementTests {
    static let options = EvalOptions(versions: TestSupport.compiled())

    /// Every thread count's outcome: the JSON rendering, or the error's text.
    static func outcomes(_ text: String, name: String) -> [String] {
        let file = TestSupport.tempDir().appendingPathComponent(name)
        TestSupport.write(text, to: file)
        return [0, 1, 2, 3].map { threads in
            var o = options
            o.threads = threads
            o.minimumPartBytes = 256
            do { return JSONReport.render(try Evaluator(options: o).run(files: [file.path])) } catch {
                return "error: \(error)"
            }
        }
    }

    static func filler(_ n: Int) -> [String] {
        (0..<n).map { #"{"id":"F\#($0)","date":"2024-01-\#(String(format: "%02d", 1 + $0 % 28))","unit":"区财政局","type":"education_activity","note":"填充，\#($0)"}"# }
    }

    /// Explanations are kept by the same scorer whichever reader reads the
    /// events: every contribution (file, line, id, unit as written, rule,
    /// period, points), in file order, is the same at every thread count,
    /// for JSON Lines and for CSV with quoted cells that span lines.
    @Test func explanationsAreTheSameFromEveryReader() throws {
        let csv = try String(contentsOfFile: TestSupport.path("examples/events-2024.csv"), encoding: .utf8)
        // A note spanning lines every few records, so records end where lines do not.
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        if let note = header.firstIndex(of: "note") {
            for i in stride(from: 3, to: lines.count, by: 7) where !lines[i].isEmpty {
                var cells = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                if note < cells.count, !cells[note].contains("\"") { cells[note] = "\"第一行,\n第二行\""; lines[i] = cells.joined(separator: ",") }
            }
        }
        let cases = [(try String(contentsOfFile: TestSupport.path("examples/events-2024.jsonl"), encoding: .utf8), "events.jsonl"),
                     (lines.joined(separator: "\n"), "events.csv")]
        for (text, name) in cases {
            let file = TestSupport.tempDir().appendingPathComponent(name)
            TestSupport.write(text, to: file)
            let seen = try [0, 1, 2, 3].map { threads -> [String] in
                var o = Self.options
                o.threads = threads
                o.minimumPartBytes = 256
                o.trace = .all
                return try Evaluator(options: o).run(files: [file.path]).contributions.map {
                    "\($0.file):\($0.line) \($0.eventId ?? "-") \($0.unit) \($0.type) v\($0.version) r\($0.rule) \($0.period) \($0.perOccurrence) x\($0.count) = \($0.points)"
                }
            }
            #expect(seen[0].count > 100, "\(name): \(seen[0].count) contributions")
            for other in seen.dropFirst() { #expect(other == seen[0], "\(name)") }
        }
    }

    /// Caps over a longer period grant points in date order: the scores are
    /// the same at every thread count with small parts, with the log split
    /// into two files, and with the files given in either order.
    @Test func datedGrantsDoNotDependOnTheSplit() throws {
        let rules = "Tests/Fixtures/sql/cap-over.yaml"
        let gen = TestSupport.rubric(["generate", "--rules", rules, "--units", "5", "--events", "3000", "--seed", "11"])
        #expect(gen.status == 0)
        let lines = gen.stdout.split(separator: "\n").map(String.init)
        let options = EvalOptions(versions: TestSupport.compiled(rules: rules))
        func scores(_ texts: [(String, String)], threads: Int) throws -> String {
            let dir = TestSupport.tempDir()
            let paths = texts.map { name, text in
                let file = dir.appendingPathComponent(name)
                TestSupport.write(text, to: file)
                return file.path
            }
            var o = options
            o.threads = threads
            o.minimumPartBytes = 256
            // The rendering without file names (they differ between splits).
            let e = try Evaluator(options: o).run(files: paths)
            return e.periods.map { p in p.rows.map { "\(p.period) \($0.unit) \($0.total) \($0.adjustmentTotal) \($0.categories.map(\.score))" }.joined(separator: "\n") }.joined(separator: "\n")
        }
        let whole = lines.joined(separator: "\n") + "\n"
        let reference = try scores([("all.jsonl", whole)], threads: 0)
        #expect(reference.contains("2024-Q4"))
        for threads in [1, 2, 3] { #expect(try scores([("all.jsonl", whole)], threads: threads) == reference) }
        let cut = lines.count / 3
        let split = [("a.jsonl", lines[..<cut].joined(separator: "\n") + "\n"), ("b.jsonl", lines[cut...].joined(separator: "\n") + "\n")]
        for threads in [0, 2] { #expect(try scores(split, threads: threads) == reference, "split in two files") }
        // The same events given in the other file order: ties are broken by file name, so nothing moves.
        for threads in [0, 2] { #expect(try scores(split.reversed(), threads: threads) == reference, "files in the other order") }
    }

    /// Versions that date events by different fields: a line whose newest
    /// date field picks an older version, whose own date field falls in a
    /// period that version does not score, is rejected with a clear reason
    /// at every thread count (its state has no column there), and the rest
    /// is scored.
    @Test func aVersionThatDoesNotScoreTheEventsDayRejectsIt() throws {
        let dir = TestSupport.tempDir()
        let seed = try String(contentsOfFile: TestSupport.path("rules/work-style-2024.yaml"), encoding: .utf8)
        TestSupport.write(seed, to: dir.appendingPathComponent("a.yaml"))
        let later = seed.replacingOccurrences(of: "version: \"2024.1\"", with: "version: \"2024.2\"")
            .replacingOccurrences(of: "effective: 2024-01-01", with: "effective: 2024-07-01")
            .replacingOccurrences(of: "  date: date\n", with: "  date: day\n")
            .replacingOccurrences(of: "    date: {type: date, title: 日期}", with: "    date: {type: date, title: 日期}\n    day: {type: date, title: 日}")
        TestSupport.write(later, to: dir.appendingPathComponent("b.yaml"))
        let set = RuleSet.load(paths: [dir.path])
        #expect(!set.hasErrors && set.rubrics.count == 2)
        let filler = (1...6).map { #"{"day":"2024-01-0\#($0)","date":"2024-01-0\#($0)","unit":"区财政局","type":"education_activity","note":"填充，\#($0)"}"# }
        let log = (filler + [#"{"day":"2024-02-01","date":"2024-09-01","unit":"区财政局","type":"late_arrival"}"#]
                   + [#"{"day":"2024-08-01","date":"2024-08-01","unit":"区财政局","type":"late_arrival"}"#]).joined(separator: "\n") + "\n"
        let file = TestSupport.tempDir().appendingPathComponent("events.jsonl")
        TestSupport.write(log, to: file)
        let session = ScoringSession(ruleSet: set, roster: nil)
        for threads in [0, 1, 2] {
            var o = try session.options(threads: threads)
            o.minimumPartBytes = 256
            let e = try session.evaluate(files: [file.path], o)
            #expect(e.rejects.map(\.line) == [7], "\(threads) threads")
            #expect(e.rejects.first?.reason.english == "rules version 2024.1 does not score 2024-09-01", "\(threads) threads")
            #expect(e.accounting.scored == 7, "\(threads) threads")
        }
    }

    /// 14 to 20 digit numbers in every numeric field, JSON and CSV: a clear
    /// rejection (never a trap), the same from every reader.
    @Test func longNumbersInEveryNumericFieldAreRejectedAlike() {
        let fields = [("count", "late_arrival"), ("points", "system_incomplete"), ("rate", "survey")]
        for (field, type) in fields {
            for digits in [13, 14, 16, 19, 20] {
                let number = String(repeating: "9", count: digits - 1) + "7"
                let json = (Self.filler(6) + [#"{"date":"2024-01-06","unit":"区财政局","type":"\#(type)","\#(field)":\#(number)}"#]
                            + Self.filler(6)).joined(separator: "\n") + "\n"
                let csv = "date,unit,type,\(field)\n" + (0..<6).map { _ in "2024-01-05,区财政局,education_activity," }.joined(separator: "\n")
                    + "\n2024-01-06,区财政局,\(type),\(number)\n"
                for (text, name) in [(json, "events.jsonl"), (csv, "events.csv")] {
                    let got = Self.outcomes(text, name: name)
                    for other in got.dropFirst() { #expect(other == got[0], "\(field) with \(digits) digits in \(name)") }
                    #expect(got[0].contains("\(field) \(number)"), "\(field) with \(digits) digits in \(name): \(got[0].prefix(300))")
                }
            }
        }
    }

    /// NFC `café` and NFD `cafe` + U+0301 are one unit to every reader: both
    /// spellings' events count, shown under the first spelling.
    @Test func canonicallyEquivalentUnitNamesAreOneUnit() {
        let nfc = "caf\u{E9}", nfd = "cafe\u{301}"
        func log(_ second: String) -> String {
            (Self.filler(8) + [#"{"date":"2024-02-01","unit":"\#(nfc)","type":"late_arrival"}"#]
             + Self.filler(8) + [#"{"date":"2024-02-02","unit":"\#(second)","type":"late_arrival"}"#]).joined(separator: "\n") + "\n"
        }
        let mixed = Self.outcomes(log(nfd), name: "events.jsonl")
        let same = Self.outcomes(log(nfc), name: "events.jsonl")
        for (m, s) in zip(mixed, same) { #expect(m == s) }
        #expect(!mixed[0].hasPrefix("error"))
    }

    /// An explanation finds the events of both spellings of a unit's name
    /// under the one unit (the index groups names by their bytes, then joins
    /// spellings that are canonically equivalent).
    @Test func explanationsFindEventsOfEverySpellingOfAUnit() throws {
        let nfc = "caf\u{E9}", nfd = "cafe\u{301}"
        let text = [#"{"date":"2024-02-01","unit":"\#(nfc)","type":"late_arrival"}"#, #"{"date":"2024-02-02","unit":"\#(nfd)","type":"late_arrival"}"#,
                    #"{"date":"2024-02-03","unit":"\#(nfc)","type":"late_arrival"}"#].joined(separator: "\n") + "\n"
        let file = TestSupport.tempDir().appendingPathComponent("events.jsonl")
        TestSupport.write(text, to: file)
        for threads in [0, 2] {
            var o = Self.options
            o.threads = threads
            o.trace = .all
            let index = ExplanationIndex(try Evaluator(options: o).run(files: [file.path]))
            for unit in [nfc, nfd] {
                let (p, row) = try #require(index.rows(of: unit).first)
                let result = try #require((row.categories.flatMap(\.rules) + row.adjustments).first { $0.events == 3 })
                let found = index.contributions(unit: unit, result: result, period: p.period)
                #expect(found.map(\.line) == [1, 2, 3], "threads \(threads), \(unit == nfc ? "NFC" : "NFD")")
            }
        }
    }

    /// A rule total beyond the range of exact scores fails the run with the
    /// unit, period and rule, whether one part or several read the events
    /// (once saturated across parts, rejected within one).
    @Test func aRuleTotalThatOverflowsFailsTheRunAtEveryThreadCount() {
        let big = #"{"date":"2024-01-07","unit":"区财政局","type":"late_arrival","count":4000000000000}"#
        let text = ([big] + Self.filler(20) + [big] + Self.filler(20)).joined(separator: "\n") + "\n"
        let got = Self.outcomes(text, name: "events.jsonl")
        for other in got.dropFirst() { #expect(other == got[0]) }
        #expect(got[0] == "error: the score of 区财政局 for 2024-Q1, rule work-discipline, is beyond the range of exact scores (±9223372036854.775807)", "\(got[0])")
    }

    /// Strings with escapes: in free text the fast reader keeps them; where a
    /// value is looked up (type, unit, date, enum) it reads them the general
    /// way. Every reader gives one result.
    @Test func escapedStringsScoreAlike() {
        let lines = [
            #"{"date":"2024-01-05","unit":"区财政局","type":"late_arrival","note":"他说\"明天\"\\再来\/\n第二行\t完"}"#,
            #"{"date":"2024-01-05","unit":"区财\"政局","type":"late_arrival"}"#,
            #"{"date":"2024-01-05","unit":"区财政局","type":"late\u005farrival"}"#,
            #"{"date":"2024-01-0\u0036","unit":"区财政局","type":"late_arrival"}"#,
            #"{"date":"2024-01-07","unit":"区财政局","type":"disciplinary_case","rank":"sta\u0066f"}"#,
            #"{"date":"2024-01-07","unit":"区财政局","type":"disciplinary_case","rank":"leader\n"}"#,
            #"{"date":"2024-01-08","unit":"区财政局","type":"late_arrival","note":"\u0000"}"#,
            #"{"date":"2024-01-08","unit":"区财政局","type":"late_arrival","note":"bad \x escape"}"#,
        ]
        let text = (Self.filler(10) + lines + Self.filler(10)).joined(separator: "\n") + "\n"
        let got = Self.outcomes(text, name: "events.jsonl")
        for other in got.dropFirst() { #expect(other == got[0]) }
        #expect(got[0].contains("区财\\\"政局"), "\(got[0].prefix(400))")
    }

    /// Lines ended by CR alone (Excel's "CSV (Macintosh)"), LF or CRLF score
    /// alike at every thread count (issue 15, item 10: a CR-only file once
    /// read as one header line, "read 0", exit 0).
    @Test func carriageReturnLineEndsScoreLikeLineFeeds() throws {
        let csvLines = ["date,unit,type,note"] + (0..<40).map { "2024-0\(1 + $0 % 9)-05,区财政局\($0 % 3),late_arrival,\"第\($0)条, 迟到\"" }
        let jsonLines = Self.filler(40)
        for (lines, ext) in [(csvLines, "csv"), (jsonLines, "jsonl")] {
            let lf = Self.outcomes(lines.joined(separator: "\n") + "\n", name: "lf.\(ext)")
            #expect(Set(lf).count == 1 && lf[0].contains("\"scored\": \(lines.count - (ext == "csv" ? 1 : 0))"), "\(lf[0].prefix(300))")
            for ending in ["\r", "\r\n"] {
                let other = Self.outcomes(lines.joined(separator: ending) + ending, name: "other.\(ext)")
                #expect(other == lf, "\(ext) with \(ending.debugDescription) line ends: \(other[0].prefix(300))")
            }
        }
    }

    /// A CSV header without the date, unit or type column is an error before
    /// any scoring, from every reader (once every line was rejected instead).
    @Test func aCSVHeaderWithoutTheRequiredColumnsIsAnError() {
        let outcomes = Self.outcomes("when,who,type\n2024-01-05,区财政局,late_arrival\n", name: "wrong.csv")
        #expect(Set(outcomes).count == 1, "\(outcomes)")
        #expect(outcomes[0].contains("wrong.csv:1: the CSV header has no `date`, `unit` columns (it has \"when\", \"who\", \"type\")"), "\(outcomes[0])")
    }

    /// One far date (9999-12-31) once made every unit be scored in 32,000
    /// quarters (27 s, 1.35 GB for 40 units): it is rejected, by every reader,
    /// and the rest scores as without it (issue 15, item 16).
    @Test func aFarDateIsRejectedNotScoredUpTo() {
        let far = #"{"date":"9999-12-31","unit":"区财政局","type":"late_arrival"}"#
        let lines = Self.filler(20)
        var withFar = lines
        withFar.insert(far, at: 7)
        let outcomes = Self.outcomes(withFar.joined(separator: "\n") + "\n", name: "far.jsonl")
        #expect(Set(outcomes).count == 1, "\(outcomes.map { $0.prefix(200) })")
        #expect(outcomes[0].contains("9999-12-31 is after 2124-12-31, more than 100 years after the rules take effect"), "\(outcomes[0].prefix(600))")
        #expect(outcomes[0].contains("\"line\": 8"), "\(outcomes[0].prefix(600))")
        #expect(outcomes[0].contains("\"as_of\": \"2024-01-20\""))
    }

    /// One bad byte in a UTF-8 file once made the whole file GB18030, and
    /// with --keep-going its valid lines were scored under garbled unit
    /// names (鍖烘暀鑲插眬); now the bad line is rejected and the rest read as
    /// UTF-8, by every reader. UTF-16 is refused by name (issue 15, item 11).
    @Test func oneBadByteDoesNotChangeTheEncoding() throws {
        var bytes = Array(Self.filler(30).joined(separator: "\n").utf8) + [0x0A]
        let unit = Array("区财政局".utf8)
        let at = try #require((0..<bytes.count).first { bytes[$0...].starts(with: unit) })
        bytes[at + 3] = 0xFF
        let file = TestSupport.tempDir().appendingPathComponent("onebad.jsonl")
        try Data(bytes).write(to: file)
        let outcomes = [0, 1, 2].map { threads in
            var o = Self.options
            o.threads = threads
            return (try? Evaluator(options: o).run(files: [file.path])).map { JSONReport.render($0) } ?? "error"
        }
        #expect(Set(outcomes).count == 1)
        #expect(outcomes[0].contains("\"unit\": \"区财政局\"") && outcomes[0].contains("not valid UTF-8 text (byte"), "\(outcomes[0].prefix(400))")
        #expect(outcomes[0].contains("\"scored\": 29"))
        let utf16 = TestSupport.tempDir().appendingPathComponent("utf16.jsonl")
        try Data([0xFF, 0xFE] + Array(Self.filler(2).joined(separator: "\n").utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: utf16)
        let r = TestSupport.rubric(["eval", "--lang", "en", utf16.path])
        #expect(r.status == 2 && r.stderr.contains("the file is UTF-16 (it starts with the byte-order mark FF FE)"), "\(r.stderr)")
    }

    /// A line over 1 MiB inside a quoted cell was cut to 200 bytes and the
    /// record scored; the record is rejected whole, by every reader, and
    /// reading goes on (issue 15, item 14).
    @Test func anOverlongLineInsideAQuotedCellRejectsItsRecord() {
        let long = String(repeating: "长", count: (LineReader.maxLineBytes / 3) + 10)
        let csv = "date,unit,type,note\n2024-01-05,区财政局,late_arrival,ok\n2024-01-06,区财政局,late_arrival,\"start\n" + long + "\nend\"\n"
            + "2024-01-07,区教育局,late_arrival,ok\n"
        let outcomes = Self.outcomes(csv, name: "long.csv")
        #expect(Set(outcomes).count == 1, "\(outcomes.map { $0.prefix(300) })")
        #expect(outcomes[0].contains("\"line\": 3") && outcomes[0].contains("a line inside this record's quoted cell is longer than 1048576 bytes"), "\(outcomes[0].prefix(800))")
        #expect(outcomes[0].contains("\"unit\": \"区教育局\""))
    }

    /// A quoted cell never closed swallowed the lines after it into one
    /// rejected record, so the accounting read 1 for them all; each line it
    /// swallowed is now read and rejected, by every reader (issue 15, item
    /// 14). A record still open after `maxRecordLines` lines ends there and
    /// reading goes on.
    @Test func aQuotedCellNeverClosedRejectsEveryLineItSwallows() throws {
        let row = "2024-01-06,区财政局,late_arrival,x"
        let atEnd = "date,unit,type,note\n2024-01-05,区教育局,late_arrival,ok\n2024-01-05,区财政局,late_arrival,\"open\n"
            + Array(repeating: row, count: 3).joined(separator: "\n") + "\n"
        let outcomes = Self.outcomes(atEnd, name: "open.csv")
        #expect(Set(outcomes).count == 1, "\(outcomes.map { $0.prefix(300) })")
        #expect(outcomes[0].contains("\"read\": 5") && outcomes[0].contains("\"rejected\": 4"), "\(outcomes[0].suffix(1200))")
        for line in 3...6 { #expect(outcomes[0].contains("\"line\": \(line),")) }
        #expect(outcomes[0].contains("a quoted cell is never closed") && outcomes[0].contains("inside a quoted cell that is never closed"))

        let limit = EventFileReader.maxRecordLines
        let bounded = "date,unit,type,note\n2024-01-05,区财政局,late_arrival,\"open\n"
            + Array(repeating: row, count: limit + 9).joined(separator: "\n") + "\n"
        let counted = Self.outcomes(bounded, name: "bounded.csv")
        #expect(Set(counted).count == 1)
        // The open record's `limit` lines are rejected; the 10 lines after them are scored.
        #expect(counted[0].contains("\"read\": \(limit + 10)") && counted[0].contains("\"rejected\": \(limit)"), "\(counted[0].suffix(600))")
    }
}
