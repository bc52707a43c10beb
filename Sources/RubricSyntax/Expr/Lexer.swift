/// Splits CEL source text into tokens. Works on Unicode scalars so that
/// offsets are the columns diagnostics show.
struct Lexer {
    let s: [Unicode.Scalar]
    var i = 0

    static let reservedWords: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while",
    ]

    init(_ text: String) { s = Array(text.unicodeScalars) }

    func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

    mutating func skipTrivia() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" { i += 1; continue }
            if c == "/", peek(1) == "/" {
                while peek().map({ $0 != "\n" }) == true { i += 1 }
                continue
            }
            break
        }
    }

    mutating func next() throws(ExprSyntaxError) -> Token {
        skipTrivia()
        let start = i
        guard let c = peek() else { return Token(kind: .eof, range: i..<i) }
        if isIdentStart(c) {
            // String and bytes prefixes: r"", b"", rb"", br"" (any case).
            if let q = quotePrefixLength() {
                let prefix = String(String.UnicodeScalarView(s[i..<i + q])).lowercased()
                i += q
                let raw = prefix.contains("r")
                let text = try lexString(start: start, raw: raw)
                if prefix.contains("b") {
                    return Token(kind: .bytes(Array(text.utf8)), range: start..<i)
                }
                return Token(kind: .string(text), range: start..<i)
            }
            while peek().map(isIdentPart) == true { i += 1 }
            let word = String(String.UnicodeScalarView(s[start..<i]))
            if Lexer.reservedWords.contains(word) { return Token(kind: .reserved(word), range: start..<i) }
            return Token(kind: .ident(word), range: start..<i)
        }
        if isDigit(c) || (c == "." && peek(1).map(isDigit) == true) {
            return try lexNumber(start: start)
        }
        if c == "\"" || c == "'" {
            let text = try lexString(start: start, raw: false)
            return Token(kind: .string(text), range: start..<i)
        }
        let two = peek(1).map { String(c) + String($0) } ?? ""
        if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) {
            i += 2
            return Token(kind: .punct(two), range: start..<i)
        }
        if "+-*/%<>!?:.,()[]{}".unicodeScalars.contains(c) {
            i += 1
            return Token(kind: .punct(String(c)), range: start..<i)
        }
        if c == "=" {
            throw ExprSyntaxError(Message("expr-syntax.not-operator"), start..<start + 1, help: Message("expr-syntax.not-operator.help"))
        }
        if c == "&" || c == "|" {
            throw ExprSyntaxError(Message("expr-syntax.not-operator-2", ["c": "\(c)"]), start..<start + 1, help: Message(c == "&" ? "expr-syntax.and.help" : "expr-syntax.or.help"))
        }
        throw ExprSyntaxError(Message("expr-syntax.unexpected-character", ["c": "\(c)"]), start..<start + 1, help: Self.help(for: c, after: start > 0 ? s[start - 1] : nil))
    }

    /// What a newcomer meant by a character expressions do not have: a
    /// full-width form of an operator (`＞`, `（`), or a unit after a number (`-1分`).
    static func help(for c: Unicode.Scalar, after previous: Unicode.Scalar?) -> Message? {
        let wide: [Unicode.Scalar: String] = ["\u{3001}": ",", "\u{3002}": ".", "\u{2018}": "'", "\u{2019}": "'", "\u{201C}": "\"", "\u{201D}": "\""]
        if let ascii = wide[c] { return Message("expr-syntax.full-width.help", ["c": "\(c)", "ascii": "\(ascii)"]) }
        if (0xFF01...0xFF5E).contains(c.value), let half = Unicode.Scalar(c.value - 0xFEE0) {
            return Message("expr-syntax.half-width.help", ["c": "\(c)", "ascii": "\(half)"])
        }
        if let p = previous, ("0"..."9").contains(p) {
            return Message("expr-syntax.unit.help", ["c": "\(c)"])
        }
        return nil
    }

    func quotePrefixLength() -> Int? {
        func isQ(_ c: Unicode.Scalar?) -> Bool { c == "\"" || c == "'" }
        guard let c = peek() else { return nil }
        let l = Character(c).lowercased()
        if l == "r" || l == "b" {
            if isQ(peek(1)) { return 1 }
            if let d = peek(1), (Character(d).lowercased() == (l == "r" ? "b" : "r")), isQ(peek(2)) { return 2 }
        }
        return nil
    }

    mutating func lexNumber(start: Int) throws(ExprSyntaxError) -> Token {
        if peek() == "0", let x = peek(1), x == "x" || x == "X" {
            i += 2
            let digitsStart = i
            while peek()?.properties.isASCIIHexDigit == true { i += 1 }
            let digits = String(String.UnicodeScalarView(s[digitsStart..<i]))
            if digits.isEmpty { throw ExprSyntaxError(Message("expr-syntax.hex-literal-needs-digits"), start..<i) }
            if let u = peek(), u == "u" || u == "U" {
                i += 1
                guard let v = UInt64(digits, radix: 16) else { throw ExprSyntaxError(Message("expr-syntax.uint-literal-out-range"), start..<i) }
                return Token(kind: .uint(v), range: start..<i)
            }
            guard let v = Int64(digits, radix: 16) else {
                return Token(kind: .intOverflow("0x" + digits), range: start..<i)
            }
            return Token(kind: .int(v), range: start..<i)
        }
        while peek().map(isDigit) == true { i += 1 }
        var isDouble = false
        if peek() == ".", let d = peek(1), isDigit(d) {
            isDouble = true
            i += 1
            while peek().map(isDigit) == true { i += 1 }
        }
        if let e = peek(), e == "e" || e == "E" {
            var j = i + 1
            if j < s.count, s[j] == "+" || s[j] == "-" { j += 1 }
            if j < s.count, isDigit(s[j]) {
                isDouble = true
                i = j
                while peek().map(isDigit) == true { i += 1 }
            }
        }
        let text = String(String.UnicodeScalarView(s[start..<i]))
        if isDouble {
            guard let v = Double(text) else { throw ExprSyntaxError(Message("expr-syntax.bad-number", ["value": "\(text)"]), start..<i) }
            return Token(kind: .double(v), range: start..<i)
        }
        if let u = peek(), u == "u" || u == "U" {
            i += 1
            guard let v = UInt64(text) else { throw ExprSyntaxError(Message("expr-syntax.uint-literal-out-range"), start..<i) }
            return Token(kind: .uint(v), range: start..<i)
        }
        guard let v = Int64(text) else { return Token(kind: .intOverflow(text), range: start..<i) }
        return Token(kind: .int(v), range: start..<i)
    }

    /// Reads a quoted string starting at the quote (after any prefix).
    mutating func lexString(start: Int, raw: Bool) throws(ExprSyntaxError) -> String {
        guard let q = peek() else { throw ExprSyntaxError(Message("expr-syntax.unterminated-string"), start..<i) }
        let triple = peek(1) == q && peek(2) == q
        i += triple ? 3 : 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek() else {
                throw ExprSyntaxError(Message("expr-syntax.unterminated-string-literal"), start..<i, help: Message("expr-syntax.unterminated-string-literal.help", ["p": "\(triple ? String(repeating: String(q), count: 3) : String(q))"]))
            }
            if triple {
                if c == q, peek(1) == q, peek(2) == q { i += 3; break }
            } else {
                if c == q { i += 1; break }
                if c == "\n" || c == "\r" { throw ExprSyntaxError(Message("expr-syntax.newline-string-literal"), start..<i, help: Message("expr-syntax.newline-string-literal.help")) }
            }
            if c == "\\" && !raw {
                try out.append(lexEscape(start: start))
                continue
            }
            if c == "\\" && raw, let n = peek(1), n == q || n == "\\" {
                // In raw strings a backslash still cannot end the literal early.
                out.append(c); out.append(n); i += 2
                continue
            }
            out.append(c)
            i += 1
        }
        return String(out)
    }

    mutating func lexEscape(start: Int) throws(ExprSyntaxError) -> Unicode.Scalar {
        let escStart = i
        i += 1
        guard let c = peek() else { throw ExprSyntaxError(Message("expr-syntax.unterminated-escape"), escStart..<i) }
        i += 1
        switch c {
        case "a": return "\u{07}"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "v": return "\u{0B}"
        case "\\", "'", "\"", "`", "?": return c
        case "x", "X": return try hexEscape(count: 2, escStart)
        case "u": return try hexEscape(count: 4, escStart)
        case "U": return try hexEscape(count: 8, escStart)
        case "0"..."3":
            var v = c.value - 48
            for _ in 0..<2 {
                guard let d = peek(), ("0"..."7").contains(d) else { throw ExprSyntaxError(Message("expr-syntax.octal-escape-needs-three"), escStart..<i) }
                v = v * 8 + d.value - 48
                i += 1
            }
            return Unicode.Scalar(v)!
        default:
            throw ExprSyntaxError(Message("expr-syntax.invalid-escape", ["c": "\(c)"]), escStart..<i)
        }
    }

    mutating func hexEscape(count: Int, _ escStart: Int) throws(ExprSyntaxError) -> Unicode.Scalar {
        var v: UInt32 = 0
        for _ in 0..<count {
            guard let d = peek(), let h = d.properties.numericType != nil || d.properties.isASCIIHexDigit ? UInt32(String(d), radix: 16) : nil else {
                throw ExprSyntaxError(Message("expr-syntax.escape-needs-hex-digits", ["count": "\(count)"]), escStart..<i)
            }
            v = v * 16 + h
            i += 1
        }
        guard let scalar = Unicode.Scalar(v) else { throw ExprSyntaxError(Message("expr-syntax.escape-not-valid-code"), escStart..<i) }
        return scalar
    }

    func isIdentStart(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" }
    func isIdentPart(_ c: Unicode.Scalar) -> Bool { isIdentStart(c) || isDigit(c) }
    func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
}
