/// The whitespace trimmed from roster attributes and the roster header, by
/// `rubric eval` and by the compiled SQL alike: tab, space, and every
/// Unicode space separator (U+00A0, U+1680, U+2000 to U+200A, U+202F,
/// U+205F, U+3000), as Foundation's `.whitespaces` has them. Unit names are
/// never trimmed: they are compared exactly as written.
public enum Whitespace {
    public static let trimmed: [Unicode.Scalar] = ["\t", " ", "\u{A0}", "\u{1680}"]
        + (0x2000...0x200A).map { Unicode.Scalar($0)! } + ["\u{202F}", "\u{205F}", "\u{3000}"]

    /// `s` without `trimmed` characters at either end.
    public static func trim(_ s: String) -> String {
        let scalars = Substring(s).unicodeScalars
        guard let first = scalars.firstIndex(where: { !trimmed.contains($0) }),
              let last = scalars.lastIndex(where: { !trimmed.contains($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
