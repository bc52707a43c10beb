import Foundation

/// A sentence for people, kept as a catalog key and its arguments until it
/// is printed, so one diagnostic or rejection reads in whichever language
/// the run speaks (`--lang`, else the rubric's `language`): the words are
/// in the message catalogs (`Catalog/messages.<lang>.json`), never here.
///
///     Message("unknown-key.in", ["key": "\(name)", "what": "`rubric`"])
///
/// An argument is either text shown as it is (an id, a value, a number,
/// a file name) or another message (a phrase that needs translating too).
public struct Message: Sendable, Hashable, Codable {
    public var key: String
    public var arguments: [String: Argument]

    public init(_ key: String, _ arguments: [String: Argument] = [:]) {
        self.key = key
        self.arguments = arguments
    }

    public indirect enum Argument: Sendable, Hashable, Codable, ExpressibleByStringInterpolation {
        /// Shown exactly as given: ids, values, numbers, paths.
        case text(String)
        /// A phrase of its own, translated with the message.
        case message(Message)
        /// Items joined by the language's list separator (`, ` or `、`).
        case list([Argument])

        public init(stringLiteral value: String) { self = .text(value) }
        public init(stringInterpolation: DefaultStringInterpolation) { self = .text(String(stringInterpolation: stringInterpolation)) }

        /// A phrase from the catalog, with its own arguments.
        public static func phrase(_ key: String, _ arguments: [String: Argument] = [:]) -> Argument {
            .message(Message(key, arguments))
        }

        /// Items each shown in backticks: `` `a`, `b` ``.
        public static func code<S: Sequence>(_ items: S) -> Argument where S.Element == String {
            .list(items.map { .text("`\($0)`") })
        }
    }

    /// The message in English (the text tests and logs compare).
    public var english: String { Catalog.messages(.en).text(self) }
}

extension Message: CustomStringConvertible {
    public var description: String { english }
}

extension Catalog {
    /// The message catalog of `language` (diagnostics and rejections).
    public static func messages(_ language: Language) -> Catalog {
        language == .zh ? zhMessages : enMessages
    }

    private static let enMessages = Catalog(language: .en, words: decode(PackageResources.messages_en_json))
    private static let zhMessages = Catalog(language: .zh, words: decode(PackageResources.messages_zh_json))

    /// `message` in this catalog's words, its arguments filled (in one pass,
    /// so an argument's own text is never read as a template).
    public func text(_ message: Message) -> String {
        pieces(message.key).map { piece in
            switch piece {
            case .text(let s): s
            case .placeholder(let name): message.arguments[name].map(text) ?? "{\(name)}"
            }
        }.joined()
    }

    public func text(_ argument: Message.Argument) -> String {
        switch argument {
        case .text(let s): s
        case .message(let m): text(m)
        case .list(let items): items.map(text).joined(separator: self["list.separator"])
        }
    }
}
