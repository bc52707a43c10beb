/// "Did you mean ...?" suggestions by edit distance.
public enum Suggestion {
    /// The candidate nearest to `word`, if it is close enough to be a likely typo.
    public static func nearest<S: Sequence>(to word: String, in candidates: S) -> String? where S.Element == String {
        let w = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        for c in candidates {
            let d = distance(w, Array(c.lowercased().unicodeScalars))
            if best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
        }
        guard let (cand, d) = best else { return nil }
        let limit = max(1, min(3, (max(w.count, cand.unicodeScalars.count) + 2) / 3))
        return d <= limit ? cand : nil
    }

    /// `help` for a suggestion (did you mean ...?), or a list of the valid
    /// choices (at most 12 shown); nil when there is neither.
    public static func help<S: Sequence>(for word: String, in candidates: S, listing: Bool = true) -> Message? where S.Element == String {
        let all = Array(candidates)
        if let n = nearest(to: word, in: all) { return Message("suggestion.did-you-mean", ["name": "\(n)"]) }
        guard listing, !all.isEmpty else { return nil }
        var shown = all.sorted().prefix(12).map { Message.Argument.text("`\($0)`") }
        if all.count > 12 { shown.append("...") }
        return Message("suggestion.one-of", ["choices": .list(shown)])
    }

    /// Damerau-Levenshtein (optimal string alignment) distance.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    cur[j] = min(cur[j], prev2[j - 2] + 1)
                }
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[b.count]
    }
}
