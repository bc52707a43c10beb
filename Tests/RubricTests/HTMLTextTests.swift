@testable import RubricReport
import Testing

/// HTML escaping copies runs of bytes; it must give exactly what escaping
/// character by character gives, for any text.
@Suite struct HTMLTextTests {
    static func reference(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    @Test func escapingByRunsEqualsEscapingByCharacter() {
        let pieces = ["&", "<", ">", "\"", "'", "a", "未成立领导小组", "🏛️", "e\u{301}", "\u{202E}", "\0", " ", "&amp;"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let s = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            #expect(HTMLText.escape(s) == Self.reference(s), "\(s.debugDescription)")
        }
        #expect(HTMLText.escape("<b>单位 & 'x'</b>") == "&lt;b&gt;单位 &amp; &#39;x&#39;&lt;/b&gt;")
    }
}
