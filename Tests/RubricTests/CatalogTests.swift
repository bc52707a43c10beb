import Foundation
import RubricEval
import RubricReport
import RubricSyntax
import Testing

/// The message catalogs (data files embedded in the binary): every key in
/// every language, each key once (a key written twice once crashed the
/// report when the words were a Swift dictionary literal).
@Suite struct CatalogTests {
    @Test func everyKeyIsInEveryLanguageOnce() throws {
        let zh = Labels.words(.zh), en = Labels.words(.en)
        #expect(!zh.isEmpty && Set(zh.keys) == Set(en.keys), "only zh: \(Set(zh.keys).subtracting(en.keys)), only en: \(Set(en.keys).subtracting(zh.keys))")
        for lang in ["zh", "en"] {
            let text = try String(contentsOfFile: TestSupport.path("Sources/RubricReport/Catalogs/labels.\(lang).json"), encoding: .utf8)
            let keys = text.split(separator: "\n").compactMap { line -> String? in
                let t = line.trimmingCharacters(in: .whitespaces)
                guard t.hasPrefix("\""), let end = t.dropFirst().firstIndex(of: "\"") else { return nil }
                return String(t[t.index(after: t.startIndex)..<end])
            }
            #expect(keys.count == Set(keys).count, "a key twice in labels.\(lang).json")
        }
    }

    @Test func placeholdersAreFilledOnceAndUnknownOnesKept() {
        let c = Catalog(language: .en, words: ["k": "{unit} is {rank} of {count} {other} {"])
        // A value that itself looks like a placeholder (a unit called `{rank}`) is not filled again.
        #expect(c("k", ["unit": "{rank}", "rank": "3", "count": "5"]) == "{rank} is 3 of 5 {other} {")
        #expect(c("missing") == "missing")
    }

    @Test func theLanguageIsAskedForElseDeclaredElseEnglish() {
        #expect(Language.of(asked: nil, declared: []) == .en)
        #expect(Language.of(asked: nil, declared: [.en, nil, .zh, nil]) == .zh)
        #expect(Language.of(asked: .en, declared: [.zh]) == .en)
    }

    @Test func periodsAreNamedAsAnOfficeNamesThem() {
        let zh = Labels(.zh), en = Labels(.en)
        #expect(zh.period(Period(kind: .quarter, year: 2024, index: 1)) == "2024年第一季度")
        #expect(zh.period(Period(kind: .half, year: 2024, index: 2)) == "2024年下半年")
        #expect(zh.period(Period(kind: .month, year: 2024, index: 3)) == "2024年3月")
        #expect(zh.period(Period(kind: .year, year: 2024, index: 1)) == "2024年度")
        #expect(en.period(Period(kind: .month, year: 2024, index: 3)) == "2024-03")
    }
}
