/// Escaping and small builders for HTML and SVG text.
enum HTMLText {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
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

    /// `<tag attrs>content</tag>` with the content already escaped or built.
    static func element(_ tag: String, _ attrs: String = "", _ content: String) -> String {
        "<\(tag)\(attrs.isEmpty ? "" : " " + attrs)>\(content)</\(tag)>"
    }

    static func cell(_ s: String, numeric: Bool = false) -> String {
        element("td", numeric ? "class=\"num\"" : "", escape(s))
    }
}
