import RubricSyntax

/// Builds JSON text with keys in the order written and decimals exactly as
/// `Fixed` prints them, so output is byte-for-byte reproducible.
public struct JSONWriter {
    public private(set) var text = ""
    var needsComma: [Bool] = [false]
    let indentUnit: String?

    public init(pretty: Bool = true) { indentUnit = pretty ? "  " : nil }

    var indent: String { String(repeating: indentUnit ?? "", count: needsComma.count - 1) }

    mutating func separator() {
        if needsComma[needsComma.count - 1] { text += "," }
        needsComma[needsComma.count - 1] = true
        if indentUnit != nil && needsComma.count > 1 { text += "\n" + indent }
    }

    public mutating func beginObject(_ key: String? = nil) { open(key, "{") }
    public mutating func endObject() { close("}") }
    public mutating func beginArray(_ key: String? = nil) { open(key, "[") }
    public mutating func endArray() { close("]") }

    mutating func open(_ key: String?, _ bracket: String) {
        separator()
        if let key { text += Self.quote(key) + (indentUnit == nil ? ":" : ": ") }
        text += bracket
        needsComma.append(false)
    }

    mutating func close(_ bracket: String) {
        let hadItems = needsComma.removeLast()
        if hadItems && indentUnit != nil { text += "\n" + indent }
        text += bracket
    }

    mutating func raw(_ key: String?, _ value: String) {
        separator()
        if let key { text += Self.quote(key) + (indentUnit == nil ? ":" : ": ") }
        text += value
    }

    public mutating func string(_ key: String?, _ v: String) { raw(key, Self.quote(v)) }
    public mutating func number(_ key: String?, _ v: Fixed) { raw(key, v.description) }
    public mutating func int(_ key: String?, _ v: Int) { raw(key, String(v)) }
    /// A number already in JSON number syntax.
    public mutating func rawNumber(_ key: String?, _ text: String) { raw(key, text) }
    public mutating func null(_ key: String?) { raw(key, "null") }

    public static func quote(_ s: String) -> String { Quoting.json(s) }
}
