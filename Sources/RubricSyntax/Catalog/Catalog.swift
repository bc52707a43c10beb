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

    public init(language: Language, words: [String: String]) {
        self.language = language
        self.words = words
    }

    /// The words under `key`; the key itself when missing (a test forbids that).
    public subscript(_ key: String) -> String { words[key] ?? key }

    /// The words under `key` with each `{name}` replaced by its value.
    /// One pass over the template, so a value that itself holds `{name}`
    /// (a unit called `{rank}`) is never filled again.
    public func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String {
        let template = self[key]
        guard template.contains("{") else { return template }
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}"), let value = values[String(rest[rest.index(after: open)..<close])] else {
                out.append("{")
                rest = rest[rest.index(after: open)...]
                continue
            }
            out += value
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    public var keys: Set<String> { Set(words.keys) }
}
