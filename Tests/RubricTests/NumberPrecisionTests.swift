import Foundation
import RubricSyntax
import Testing

/// A rule's expression computes with doubles (CEL), which keep about 15
/// significant digits; scores are exact decimals. A value an expression would
/// only see rounded is rejected by both readers, naming the field, never
/// scored rounded (`10000000000.000001` once compared as `10000000000`, so a
/// condition on it went wrong). A field no expression reads keeps every digit.
@Suite struct NumberPrecisionTests {

    @Test func aValueAnExpressionWouldRoundIsRejectedByEveryReader() throws {
        let dir = TestSupport.tempDir()
        let rules = URL(fileURLWithPath: TestSupport.path("Tests/Fixtures/sql/big-numbers.yaml"))
        #expect(TestSupport.rubric(["lint", rules.path]).status == 0)
        let lines = [
            #"{"date":"2024-01-05","unit":"A","type":"spend","amount":10000000000.000001}"#,
            #"{"date":"2024-01-05","unit":"B","type":"spend","amount":10000000000.5}"#,
            #"{"date":"2024-01-05","unit":"C","type":"fined","fine":-10000000000.000001}"#,
        ]
        let jsonl = dir.appendingPathComponent("e.jsonl")
        TestSupport.write(lines.joined(separator: "\n") + "\n", to: jsonl)
        let csv = dir.appendingPathComponent("e.csv")
        TestSupport.write("date,unit,type,amount,fine\n2024-01-05,A,spend,10000000000.000001,\n2024-01-05,B,spend,10000000000.5,\n2024-01-05,C,fined,,-10000000000.000001\n", to: csv)
        for file in [jsonl, csv] {
            for threads in ["0", "2"] {
                let r = TestSupport.rubric(["eval", "--rules", rules.path, "--threads", threads, "--keep-going", "--format", "json", file.path])
                #expect(r.status == 0, "\(r.stderr)")
                let line = file == csv ? 2 : 1
                #expect(r.stderr.contains(":\(line): amount: amount 10000000000.000001 has more digits than a rule's expression can compute with exactly"),
                        "\(file.lastPathComponent) threads \(threads): \(r.stderr)")
                // B's value is a double exactly; no expression reads C's `fine`, so any exact decimal is accepted.
                #expect(r.stdout.contains("\"rejected\": 1"), "\(r.stdout)")
                #expect(r.stdout.contains("\"unit\": \"B\"") && r.stdout.contains("\"unit\": \"C\""), "\(r.stdout)")
            }
        }
        // Below 2^51 micro-points every value comes back from its double (the
        // conversions round twice, so that is the bound, not 2^33); sampled.
        var g = SplitMix(seed: 20261203)
        #expect((0..<1_000_000).allSatisfy { _ in
            let raw = Int64(g.next() % (1 << 51))
            return Fixed(double: Fixed(raw: raw).doubleValue) == Fixed(raw: raw) && Fixed(raw: -raw).isExactAsDouble
        })
        #expect(Fixed(parsing: "2251799813.685247")!.isExactAsDouble && !Fixed(parsing: "10000000000.000001")!.isExactAsDouble)
    }

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
