import Foundation
import RubricEval
import RubricReport
import Testing

/// The message catalogs (data files embedded in the binary): every key in
/// every language, each key once (a key written twice once crashed the
/// report when the words were a Swift dictionary literal).
@Suite struct CatalogTests {
    @Test func everyKeyIsInEveryLanguageOnce() throws {
        let zh = HTMLLabels.catalog(.zh), en = HTMLLabels.catalog(.en)
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

    @Test func periodsAreNamedAsAnOfficeNamesThem() {
        let zh = HTMLLabels(.zh), en = HTMLLabels(.en)
        #expect(zh.period(Period(kind: .quarter, year: 2024, index: 1)) == "2024年第一季度")
        #expect(zh.period(Period(kind: .half, year: 2024, index: 2)) == "2024年下半年")
        #expect(zh.period(Period(kind: .month, year: 2024, index: 3)) == "2024年3月")
        #expect(zh.period(Period(kind: .year, year: 2024, index: 1)) == "2024年度")
        #expect(en.period(Period(kind: .month, year: 2024, index: 3)) == "2024-03")
    }
}
