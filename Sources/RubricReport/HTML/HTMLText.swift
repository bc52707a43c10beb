/// Escaping and small builders for HTML and SVG text.
enum HTMLText {
    /// The text with `& < > " '` as entities. Text without them (most of a
    /// report) is returned as it is; otherwise the runs between them are
    /// copied whole, as UTF-8 (every byte of these five is ASCII, so a
    /// multi-byte character is never split).
    static func escape(_ s: String) -> String {
        var s = s
        return s.withUTF8 { bytes -> String in
            guard bytes.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
                return String(decoding: bytes, as: UTF8.self)
            }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            for b in bytes {
                switch b {
                case 0x26: out += Array("&amp;".utf8)
                case 0x3C: out += Array("&lt;".utf8)
                case 0x3E: out += Array("&gt;".utf8)
                case 0x22: out += Array("&quot;".utf8)
                case 0x27: out += Array("&#39;".utf8)
                default: out.append(b)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `<tag attrs>content</tag>` with the content already escaped or built.
    static func element(_ tag: String, _ attrs: String = "", _ content: String) -> String {
        "<\(tag)\(attrs.isEmpty ? "" : " " + attrs)>\(content)</\(tag)>"
    }

    /// Escaped text that a heading may wrap after its 、，； or spaces (`<wbr>`)
    /// and, styled `word-break: keep-all`, nowhere else: 加强组织领导、/强化舆论宣传.
    static func breakable(_ s: String) -> String {
        TextTable.phrases(s).map(escape).joined(separator: "<wbr>")
    }

    static func cell(_ s: String, numeric: Bool = false) -> String {
        element("td", numeric ? "class=\"num\"" : "", escape(s))
    }
}
