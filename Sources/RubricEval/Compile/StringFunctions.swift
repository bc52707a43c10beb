import RubricSyntax
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

    /// Whether `needle` occurs in `hay`, by Unicode scalars (CEL's
    /// `contains`), in time linear in both (Knuth-Morris-Pratt): the naive
    /// search took 27.6 s on one 800 KB event with a repetitive needle.
    static func find(_ needle: String, in hay: String) -> Bool {
        let n = Array(needle.unicodeScalars)
        if n.isEmpty { return true }
        // fail[i]: the length of the longest proper prefix of n[0...i] that is also its suffix.
        var fail = [Int](repeating: 0, count: n.count)
        var k = 0
        for i in 1..<max(n.count, 1) {
            while k > 0 && n[i] != n[k] { k = fail[k - 1] }
            if n[i] == n[k] { k += 1 }
            fail[i] = k
        }
        k = 0
        for c in hay.unicodeScalars {
            while k > 0 && c != n[k] { k = fail[k - 1] }
            if c == n[k] { k += 1 }
            if k == n.count { return true }
        }
        return false
    }

    static func matches(_ v: [Value]) throws(EvalError) -> Value {
        guard v.count == 2, case .string(let s) = v[0], case .string(let p) = v[1] else { throw EvalError.noOverload("matches", v) }
        return .bool(try Pattern.compile(p).get().search(s))
    }
}

/// A compiled regular expression (`RegexPattern`: RE2, linear time);
/// `search` finds a match anywhere, as CEL's `matches` does. Patterns built
/// at run time are cached by their text, so each is compiled once.
struct Pattern: @unchecked Sendable {
    let re: RegexPattern

    static let cache = PatternCache()

    static func compile(_ pattern: String) -> Result<Pattern, EvalError> {
        if let hit = cache.get(pattern) { return hit }
        let result = RegexPattern.compile(pattern).map(Pattern.init).mapError { EvalError(Message("eval.invalid-regular-expression", ["pattern": "\(pattern)", "p": "\($0.reason)"])) }
        cache.set(pattern, result)
        return result
    }

    func search(_ s: String) -> Bool { re.search(s) }
}

/// A small, bounded, thread-safe cache of compiled patterns.
final class PatternCache: @unchecked Sendable {
    private var entries: [String: Result<Pattern, EvalError>] = [:]
    private let lock = NSLock()
    static let limit = 256

    func get(_ key: String) -> Result<Pattern, EvalError>? {
        lock.lock(); defer { lock.unlock() }
        return entries[key]
    }

    func set(_ key: String, _ value: Result<Pattern, EvalError>) {
        lock.lock(); defer { lock.unlock() }
        if entries.count >= Self.limit { entries.removeAll() }
        entries[key] = value
    }
}
