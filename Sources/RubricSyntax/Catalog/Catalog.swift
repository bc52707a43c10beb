import Foundation

/// The languages human-facing output is written in. A rubric declares its
/// own (`rubric.language`, the language its titles are written in); `--lang`
/// overrides it for one run.
public enum Language: String, Sendable, CaseIterable, Codable {
    case zh, en

    /// The language of a run's output: the one asked for, else the one the
    /// newest rubric version declares, else English. One rule, so that every
    /// command speaks the same language for the same rules.
    public static func of(asked: Language?, declared: [Language?]) -> Language {
        asked ?? declared.last(where: { $0 != nil }).flatMap { $0 } ?? .en
    }
}

/// A message catalog: the fixed words of one language's output, each under a
/// stable key, with `{name}` placeholders filled at use. Catalogs are JSON
/// data files beside the module that speaks them (embedded in the binary at
/// build time); this type only reads and fills them, so no wording lives in
/// code. Tests keep each catalog's keys equal across languages.
public struct Catalog: Sendable {
    public let language: Language
    let words: [String: String]
    /// Each template cut into its pieces once, when the catalog is made
    /// (a report fills a template per event it lists).
    let templates: [String: [Piece]]

    public init(language: Language, words: [String: String]) {
        self.language = language
        self.words = words
        templates = words.mapValues(Self.cut)
    }

    /// The words under `key`; the key itself when missing (a test forbids that).
    public subscript(_ key: String) -> String { words[key] ?? key }

    /// A template's parts: words, and `{name}` placeholders.
    public enum Piece: Equatable, Sendable {
        case text(String)
        case placeholder(String)
    }

    /// The template under `key` cut into its words and placeholders. A
    /// placeholder is `{name}` with a name of letters, digits and `_`; any
    /// other brace is a word (help can show YAML: `{max: 4, per: person}`).
    public func pieces(_ key: String) -> [Piece] { templates[key] ?? [.text(key)] }

    static func cut(_ template: String) -> [Piece] {
        var out: [Piece] = []
        var text = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            let after = rest.index(after: open)
            if let close = rest[after...].firstIndex(of: "}"), close > after,
               rest[after..<close].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
                if !text.isEmpty { out.append(.text(text)); text = "" }
                out.append(.placeholder(String(rest[after..<close])))
                rest = rest[rest.index(after: close)...]
            } else {
                text += "{"
                rest = rest[after...]
            }
        }
        text += rest
        if !text.isEmpty { out.append(.text(text)) }
        return out
    }

    /// The words under `key` with each `{name}` replaced by its value (a
    /// name without one stays as written). One pass over the template, so a
    /// value that itself holds `{name}` (a unit called `{rank}`) is never
    /// filled again.
    public func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String {
        text(Message(key, values.mapValues { .text($0) }))
    }

    /// A catalog file's words (a JSON object of key -> words), embedded in the binary.
    public static func decode(_ bytes: [UInt8]) -> [String: String] {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: String] ?? [:]
    }

    public var keys: Set<String> { Set(words.keys) }
}
