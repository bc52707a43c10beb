import Foundation
import RubricCheck
import RubricEval
import RubricSQL
import RubricSyntax
import Testing

/// `rubric compile` and `rubric stage` without an engine. The differential
/// tests (Tests/SQL/differential.py) run the scripts on DuckDB, PostgreSQL
/// and Spark against `rubric eval`.
@Suite struct SQLCompilerTests {
    static func rubric(_ relative: String) -> CheckedRubric {
        let set = RuleSet.load(paths: [TestSupport.path(relative)])
        precondition(!set.hasErrors)
        return set.rubrics.last!
    }

    @Test(arguments: Dialect.allCases)
    func shippedRubricsCompileDeterministically(_ dialect: Dialect) throws {
        for path in ["rules/work-style-2024.yaml", "examples/revisions/work-style-2025.yaml",
                     "Tests/Fixtures/rule-tests/groups.yaml", "Tests/Fixtures/rule-tests/weighted.yaml", "Tests/Fixtures/rule-tests/bonus.yaml"] {
            let r = Self.rubric(path)
            let options = SQLCompiler.Options(dialect: dialect, roster: r.rankWithin != nil, forcedVersion: true)
            let a = try SQLCompiler.compile(r, options: options).get()
            let b = try SQLCompiler.compile(r, options: options).get()
            #expect(a == b, "\(path): two compilations differ")
            for relation in ["rubric_scores", "rubric_rejects", "rubric_accounting"] {
                #expect(a.contains(relation), "\(path) \(dialect): no \(relation)")
            }
            // Every event type of the rubric that a rule names reaches the rule table.
            for rule in r.rules where rule.absence == nil {
                for t in rule.types { #expect(a.contains("('\(r.schema.types[t].name)', ") || a.contains("('\(r.schema.types[t].name)',"), "\(path): type \(r.schema.types[t].name) missing") }
            }
        }
    }

    /// The shipped rules with one expression replaced; the compile error must name it at its place.
    func compileError(_ replacement: String, dialect: String = "postgres") -> (TestSupport.Run, Int, Int) {
        let text = try! String(contentsOfFile: TestSupport.path("rules/work-style-2024.yaml"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let line = lines.firstIndex { $0.contains("when: rate < 90.0") }!
        let column = lines[line].range(of: "rate")!.lowerBound.utf16Offset(in: lines[line]) + 1
        let changed = text.replacingOccurrences(of: "when: rate < 90.0", with: "when: \(replacement)")
        let dir = TestSupport.tempDir()
        let file = dir.appendingPathComponent("rules.yaml")
        TestSupport.write(changed, to: file)
        return (TestSupport.rubric(["compile", "--lang", "en", "--dialect", dialect, "--rules", file.path]), line + 1, column)
    }

    @Test func regularExpressionsAreACompileErrorAtTheirPlace() {
        let guardText = "has(event.note) && "
        let (run, line, conditionColumn) = compileError(guardText + "note.matches('^x') && rate < 90.0")
        let column = conditionColumn + guardText.count
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty, "no partial script")
        #expect(run.stderr.contains("not-compilable"))
        #expect(run.stderr.contains("`matches`"))
        #expect(run.stderr.contains(":\(line):\(column):"), "\(run.stderr)")
        #expect(run.stderr.contains("dialect postgres"))
    }

    @Test func macrosAndNullAreCompileErrors() {
        let (macro, _, _) = compileError("\"[1, 2].exists(x, x > count)\"", dialect: "spark")
        #expect(macro.status == 2 && macro.stderr.contains("the macro `exists`") && macro.stderr.contains("dialect spark"), "\(macro.stderr)")
        let (null, _, _) = compileError("\"has(event.note) && note != null && rate < 90.0\"", dialect: "duckdb")
        #expect(null.status == 2 && null.stderr.contains("`null`") && null.stderr.contains("has(event.field)"), "\(null.stderr)")
    }

    @Test func severalVersionsShareOneScript() {
        let dir = TestSupport.tempDir()
        // The 2025 revision is an overlay: copied elsewhere as one whole file.
        for f in ["rules/work-style-2024.yaml", "examples/revisions/work-style-2025.yaml"] {
            TestSupport.write(TestSupport.rubric(["show", "--no-origins", f]).stdout, to: dir.appendingPathComponent((f as NSString).lastPathComponent))
        }
        let run = TestSupport.rubric(["compile", "--dialect", "duckdb", "--rules", dir.path])
        #expect(run.status == 0, "\(run.stderr)")
        // Each version validates and scores its own periods; the years and the scores are shared.
        for name in ["rubric_v0_checked", "rubric_v1_checked", "rubric_v0_version_scores", "rubric_v1_version_scores", "rubric_year_owners", "rubric_scores"] {
            #expect(run.stdout.contains(name), "no \(name)")
        }
        #expect(run.stdout.contains("version 2024.1, effective 2024-01-01") && run.stdout.contains("version 2025.1, effective 2025-01-01"))
        let chosen = TestSupport.rubric(["compile", "--dialect", "duckdb", "--rules", dir.path, "--version", "2024.1"])
        #expect(chosen.status == 0 && chosen.stdout.contains("version 2024.1") && !chosen.stdout.contains("2025.1"))
        #expect(chosen.stdout.contains("rubric_checked") && !chosen.stdout.contains("rubric_v0_"))
    }

    @Test func stageKeepsEveryRecordAndJSONKinds() {
        let dir = TestSupport.tempDir()
        let events = dir.appendingPathComponent("e.jsonl")
        TestSupport.write("""
            {"date":"2024-01-05","unit":"U","type":"survey","rate":"85"}
            {"date":"2024-01-05","unit":"U","type":"survey","rate":85,"note":"a,\\"b\\""}
            {"date":"2024-01-05",
            {"date":"2024-01-05","unit":"U","type":"late_arrival","note":5,"count":true}

            """, to: events)
        let run = TestSupport.rubric(["stage", "--rules", TestSupport.path("rules"), events.path])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = run.stdout.split(separator: "\n").map(String.init)
        #expect(rows.count == 5, "header plus four records read (the blank line is not a record)")
        #expect(rows[0].hasPrefix("\"source_file\",\"source_line\",\"load_error\",\"load_error_field\",\"date\""))
        #expect(rows[1].contains(",\"1\",\"rate must be a number, found the text \"\"85\"\"\",\"rate\","), "\(rows[1])")
        #expect(rows[2].contains(",\"2\",,,") && rows[2].contains("\"a,\"\"b\"\"\""), "\(rows[2])")
        #expect(rows[3].contains(",\"3\",\"") && rows[3].hasSuffix(",,,,,,,,,,,,,"), "a broken record keeps its reason and no fields: \(rows[3])")
        // A number in a text field names its field; `true` in an integer field is left to the SQL (its text is no number either).
        #expect(rows[4].contains(",\"note\",") && rows[4].contains(",\"true\","), "\(rows[4])")
    }

    /// The script grows linearly with the number of versions (issue 15,
    /// item 17): each version once routed its records through every
    /// version's dates (200 versions: 27 MB; 2,000: 6.9 GB).
    @Test func theScriptGrowsLinearlyWithVersions() throws {
        let base = try String(contentsOfFile: TestSupport.path("Tests/Fixtures/rule-tests/bonus.yaml"), encoding: .utf8)
        func size(_ n: Int) throws -> Int {
            let dir = TestSupport.tempDir()
            for k in 0..<n {
                let text = base.replacingOccurrences(of: "version: \"1\"", with: "version: \"v\(k)\"")
                    .replacingOccurrences(of: "effective: 2024-01-01", with: "effective: \(2024 + k / 4)-\(String(format: "%02d", 1 + 3 * (k % 4)))-01")
                TestSupport.write(text, to: dir.appendingPathComponent(String(format: "v%03d.yaml", k)))
            }
            let set = RuleSet.load(paths: [dir.path])
            #expect(set.rubrics.count == n && !set.hasErrors)
            let script = try SQLCompiler.compile(versions: set.rubrics, options: .init(dialect: .duckdb)).get()
            return script.utf8.count
        }
        let (small, large) = (try size(10), try size(40))
        #expect(Double(large) / Double(small) < 4.5, "10 versions: \(small) bytes, 40: \(large)")
    }
}
