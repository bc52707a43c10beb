import Foundation

/// String predicates and regular expressions. Positions and lengths are in
/// code points, as CEL defines them.
enum StringFunctions {
    static func predicate(_ name: String, _ f: @escaping @Sendable (String, String) -> Bool) -> Builtins.Function {
        { v throws(EvalError) in
            guard v.count == 2, case .string(let s) = v[0], case .string(let t) = v[1] else { throw EvalError.noOverload(name, v) }
            return .bool(f(s, t))
        }
    }

    static func find(_ needle: String, in hay: String) -> Bool {
        let n = Array(needle.unicodeScalars)
        if n.isEmpty { return true }
        let h = Array(hay.unicodeScalars)
        guard h.count >= n.count else { return false }
        for i in 0...(h.count - n.count) where h[i] == n[0] {
            if h[i..<i + n.count].elementsEqual(n) { return true }
        }
        return false
    }

    static func matches(_ v: [Value]) throws(EvalError) -> Value {
        guard v.count == 2, case .string(let s) = v[0], case .string(let p) = v[1] else { throw EvalError.noOverload("matches", v) }
        return .bool(try Regex.compile(p).get().search(s))
    }
}

/// A compiled regular expression (ICU syntax, close to RE2 for the common
/// subset); `search` finds a match anywhere, as CEL's `matches` does.
struct Regex: @unchecked Sendable {
    let re: NSRegularExpression

    static func compile(_ pattern: String) -> Result<Regex, EvalError> {
        // The empty pattern matches everywhere; ICU refuses to compile it.
        let pattern = pattern.isEmpty ? "(?:)" : pattern
        do {
            return .success(Regex(re: try NSRegularExpression(pattern: pattern)))
        } catch {
            return .failure(EvalError("invalid regular expression `\(pattern)`"))
        }
    }

    func search(_ s: String) -> Bool {
        re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }
}
