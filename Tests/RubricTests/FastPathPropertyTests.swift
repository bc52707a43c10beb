import Foundation
import PropertyBased
import RubricEval
import RubricReport
import RubricSyntax
import Testing

/// The fast parallel reader against the general one, on generated files
/// full of what the fast path must hand over: escapes, nulls, wrong kinds,
/// unknown and duplicate keys, blank lines, CRLF, a BOM, broken records.
@Suite struct FastPathPropertyTests {
    /// One JSON line for a record, perturbed by `rng`.
    static func line(_ r: RawRecord, _ rng: inout SplitMix64) -> String {
        var parts: [String] = []
        for (k, v) in r.fields {
            let value: String
            switch v {
            case .text(let s): value = Quoting.json(s)
            case .number(let n): value = n
            case .bool(let b): value = String(b)
            case .absent: value = "null"
            case .nested(let s): value = s
            }
            parts.append("\(Quoting.json(k)): \(value)")
        }
        switch rng.next() % 14 {
        case 0: parts.append(#""note": "a \"quoted\" \u4e2d word""#)
        case 1: parts.append(#""extra": {"nested": [1, 2]}"#)
        case 2: parts.append(#""v": "55""#)
        case 3: if let first = parts.first { parts.append(first) }
        case 4: parts.append(#""count": null"#)
        case 5: parts.append(#""v": 1e2"#)
        case 6: parts.append(#""v": -0.0000001"#)
        case 7: parts.append(#""zz": true"#)
        default: break
        }
        var text = "{" + parts.joined(separator: rng.next() % 5 == 0 ? " ,  " : ",") + "}"
        switch rng.next() % 25 {
        case 0: text.removeLast()
        case 1: text += "\r"
        case 2: text = "  " + text + "  "
        case 3: text = "[" + text + "]"
        default: break
        }
        return text
    }

    @Test func fastAndGeneralReadersAgree() async {
        await propertyCheck(count: 20, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let r = RandomRubric(seed: seed, events: 200)
            var rng = SplitMix64(seed: seed ^ 0xFA57)
            var text = rng.next() % 3 == 0 ? "\u{FEFF}" : ""
            for (rec, _) in r.records {
                text += Self.line(rec, &rng) + "\n"
                if rng.next() % 40 == 0 { text += "\n   \n" }
            }
            let file = TestSupport.tempDir().appendingPathComponent("events.jsonl")
            try? Data(text.utf8).write(to: file)
            var results: [String] = []
            for threads in [0, 1, 2, 3] {
                var options = r.options()
                options.threads = threads
                let e = try! Evaluator(options: options).run(files: [file.path])
                results.append(JSONReport.render(e))
            }
            for other in results.dropFirst() { #expect(other == results[0]) }
        }
    }
}
