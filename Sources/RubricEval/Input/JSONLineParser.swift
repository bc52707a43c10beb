import RubricSyntax
/// Parses one JSON Lines record: a JSON object whose members become fields.
/// Strict RFC 8259; numbers are kept as their text so they stay exact;
/// nested objects and arrays are checked and kept as text.
public struct JSONLineParser {
    let b: [UInt8]
    var i = 0
    static let maxDepth = 64

    public struct Failure: Error {
        public var message: Message
    }

    public static func parse(_ line: String) -> Result<[(name: String, value: RawValue)], Failure> {
        var p = JSONLineParser(b: Array(line.utf8))
        do {
            return .success(try p.object())
        } catch let f as Failure {
            return .failure(f)
        } catch {
            return .failure(Failure(message: Message("verbatim", ["text": "\(error)"])))
        }
    }

    /// Columns count characters (code points), not bytes.
    func fail(_ m: Message) -> Failure {
        let column = String(decoding: b[0..<min(i, b.count)], as: UTF8.self).unicodeScalars.count + 1
        return Failure(message: Message("json.broken-json-at-column", ["column": "\(column)", "m": .message(m)]))
    }

    mutating func ws() { while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0D || b[i] == 0x0A { i += 1 } }

    mutating func object() throws -> [(name: String, value: RawValue)] {
        ws()
        guard i < b.count, b[i] == UInt8(ascii: "{") else { throw fail(Message("json.record-must-json-object")) }
        i += 1
        var out: [(String, RawValue)] = []
        ws()
        if i < b.count, b[i] == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                ws()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail(Message("json.expected-quoted-key")) }
                let key = try string()
                ws()
                guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail(Message("json.expected-after-key", ["key": "\(key)"])) }
                i += 1
                ws()
                if out.contains(where: { $0.0 == key }) { throw fail(Message("json.key-appears-twice", ["key": "\(key)"])) }
                out.append((key, try value(depth: 1)))
                ws()
                guard i < b.count else { throw fail(Message("json.object-not-closed-with")) }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") { i += 1; break }
                throw fail(Message("json.expected"))
            }
        }
        ws()
        if i < b.count { throw fail(Message("json.unexpected-text-after-object")) }
        return out
    }

    mutating func value(depth: Int) throws -> RawValue {
        guard i < b.count else { throw fail(Message("json.value-missing")) }
        switch b[i] {
        case UInt8(ascii: "\""): return .text(try string())
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let start = i
            try skipNested(depth: depth)
            return .nested(String(decoding: b[start..<i], as: UTF8.self))
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .absent
        default: return .number(try number())
        }
    }

    mutating func literal(_ word: String) throws {
        let w = Array(word.utf8)
        guard i + w.count <= b.count, Array(b[i..<i + w.count]) == w else { throw fail(Message("json.unknown-word-expected-value")) }
        i += w.count
    }

    mutating func number() throws -> String {
        let start = i
        if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        func digits() -> Int { let s = i; while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }; return i - s }
        guard i < b.count, b[i] >= 0x30, b[i] <= 0x39 else { throw fail(Message("json.expected-value")) }
        if b[i] == 0x30 { i += 1 } else { _ = digits() }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { throw fail(Message("json.number-needs-digits-after")) }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw fail(Message("json.number-needs-digits-exponent")) }
        }
        if i - start > 40 { throw fail(Message("json.number-longer-than-40")) }
        return String(decoding: b[start..<i], as: UTF8.self)
    }

    mutating func string() throws -> String {
        i += 1
        var out = [UInt8]()
        while true {
            guard i < b.count else { throw fail(Message("json.string-not-closed")) }
            let c = b[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c < 0x20 { throw fail(Message("json.control-character-inside-string")) }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            i += 1
            guard i < b.count else { throw fail(Message("json.string-not-closed")) }
            let e = b[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var v = try hex4()
                if v >= 0xD800 && v < 0xDC00 {
                    guard i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else { throw fail(Message("json.unpaired-surrogate-u-escape")) }
                    i += 2
                    let lo = try hex4()
                    guard lo >= 0xDC00 && lo < 0xE000 else { throw fail(Message("json.unpaired-surrogate-u-escape")) }
                    v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                } else if v >= 0xDC00 && v < 0xE000 {
                    throw fail(Message("json.unpaired-surrogate-u-escape"))
                }
                if v == 0 { throw fail(Message("json.nul-characters-are-not")) }
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(v)!)).utf8))
            default: throw fail(Message("json.invalid-escape", ["Character": "\(Character(Unicode.Scalar(e)))"]))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func hex4() throws -> UInt32 {
        guard i + 4 <= b.count, let v = UInt32(String(decoding: b[i..<i + 4], as: UTF8.self), radix: 16) else { throw fail(Message("json.bad-u-escape")) }
        i += 4
        return v
    }

    mutating func skipNested(depth: Int) throws {
        guard depth <= JSONLineParser.maxDepth else { throw fail(Message("json.nested-more-than-levels", ["maxDepth": "\(JSONLineParser.maxDepth)"])) }
        let open = b[i]
        let close = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
        i += 1
        ws()
        if i < b.count, b[i] == close { i += 1; return }
        while true {
            ws()
            if open == UInt8(ascii: "{") {
                guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail(Message("json.expected-quoted-key")) }
                _ = try string()
                ws()
                guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail(Message("json.expected-2")) }
                i += 1
                ws()
            }
            _ = try value(depth: depth + 1)
            ws()
            guard i < b.count else { throw fail(Message("json.not-closed")) }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == close { i += 1; return }
            throw fail(Message("json.expected-3", ["Character": "\(Character(Unicode.Scalar(close)))"]))
        }
    }
}
