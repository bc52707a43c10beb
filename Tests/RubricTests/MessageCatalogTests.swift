import Foundation
import RubricCheck
import RubricEval
import RubricSyntax
import Testing

/// The message catalogs of diagnostics and rejections
/// (`Sources/RubricSyntax/Catalog/messages.<lang>.json`): every message in
/// both languages with the same placeholders, every key the code names
/// present, and the words reaching lint and rejections in the run's language.
@Suite struct MessageCatalogTests {
    static func words(_ language: Language) throws -> [String: String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.path("Sources/RubricSyntax/Catalog/messages.\(language.rawValue).json")))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
    }

    static func placeholders(_ template: String) -> Set<String> {
        let catalog = Catalog(language: .en, words: ["t": template])
        return Set(catalog.pieces("t").compactMap { if case .placeholder(let name) = $0 { name } else { nil } })
    }

    @Test func everyMessageIsInBothLanguagesWithTheSamePlaceholders() throws {
        let zh = try Self.words(.zh), en = try Self.words(.en)
        #expect(en.count > 300)
        #expect(Set(zh.keys) == Set(en.keys), "only zh: \(Set(zh.keys).subtracting(en.keys).sorted()), only en: \(Set(en.keys).subtracting(zh.keys).sorted())")
        for (key, english) in en {
            guard let chinese = zh[key] else { continue }
            #expect(Self.placeholders(english) == Self.placeholders(chinese), "\(key): \(english) / \(chinese)")
            #expect(!chinese.isEmpty && !english.isEmpty, "\(key) is empty")
        }
    }

    /// Every key written in the code (`Message("key"`, `.phrase("key"`) is
    /// in the catalog: a key misspelt in Swift would otherwise print itself.
    @Test func everyKeyTheCodeNamesIsInTheCatalog() throws {
        let en = try Self.words(.en)
        let root = URL(fileURLWithPath: TestSupport.path("Sources"))
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        let pattern = try Regex(#"(?:Message\(|\.phrase\()\s*(?:[^"()]*\?\s*)?"([a-z0-9.\-]+)"(?:\s*:\s*"([a-z0-9.\-]+)")?"#)
        var named = Set<String>()
        for case let url as URL in files where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in text.matches(of: pattern) {
                for i in 1..<match.output.count {
                    if let key = match.output[i].substring { named.insert(String(key)) }
                }
            }
        }
        #expect(named.count > 300)
        let missing = named.subtracting(en.keys).subtracting(["unknown-key.in"])  // the doc comment's example
        #expect(missing.isEmpty, "named in Swift, missing from the catalog: \(missing.sorted())")
    }

    @Test func aDiagnosticReadsInTheAskedLanguageWithItsCodeUnchanged() throws {
        let source = SourceFile(path: "r.yaml", text: "rubric: {id: x, version: '1', effective: 2024-01-01, titel: t}\n")
        let loaded = RubricLoader.load(source)
        let d = try #require(loaded.diagnostics.first { $0.code == .unknownKey })
        #expect(d.text(in: .en) == "unknown key `titel` in `rubric`")
        #expect(d.text(in: .zh) == "`rubric`中有未知的键 `titel`")
        #expect(d.helpText(in: .zh) == "是否想写 `title`？")
        let zh = DiagnosticRenderer(files: [source], language: .zh).render(d)
        #expect(zh.hasPrefix("r.yaml:1:54: 错误[unknown-key]：`rubric`中有未知的键 `titel`\n"), "\(zh)")
        #expect(zh.hasSuffix("  提示：是否想写 `title`？\n"))
    }

    @Test func aRejectionReadsInTheAskedLanguage() {
        let r = Reject(file: "e.jsonl", line: 3, field: "date", reason: Message("reject.no-such-day", ["dateText": "2024-02-30"]))
        #expect(r.message(.en) == "e.jsonl:3: date: no such day 2024-02-30")
        #expect(r.message(.zh) == "e.jsonl:3: date: 没有 2024-02-30 这一天")
        // A nested phrase and a list are worded in the same language.
        let nested = Message("reject.must-found", ["name": "level", "describe": .phrase("value.enum", ["values": .list(["a", "b"])]), "b": "true"])
        #expect(Catalog.messages(.zh).text(nested) == "level 必须是a、b 之一，实际为 true")
        #expect(nested.english == "level must be one of a, b, found true")
    }

    @Test func bracesThatAreNotNamesStayText() {
        let c = Catalog(language: .en, words: ["k": "write `cap: {max: 4, per: {field}}` or `{}`"])
        #expect(c("k", ["field": "person"]) == "write `cap: {max: 4, per: person}` or `{}`")
    }
}
