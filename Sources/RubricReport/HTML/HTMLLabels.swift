import Foundation
import RubricEval

/// The fixed words of what officials read (the report, the workbook), in
/// Chinese (the default) or English. They are data, not code: the message
/// catalogs `Catalogs/labels.<lang>.json`, embedded in the binary at build
/// time (so an installed binary needs no file beside it); a test keeps
/// their keys equal. Rubric titles (the rubric's, categories', items') come
/// from the rules file.
public struct HTMLLabels: Sendable {
    public enum Language: String, Sendable, CaseIterable {
        case zh, en
    }

    let words: [String: String]
    public let language: Language

    public init(_ language: Language) {
        self.language = language
        words = Self.catalog(language)
    }

    subscript(_ key: String) -> String { words[key] ?? key }

    /// A language's catalog: key -> words.
    public static func catalog(_ language: Language) -> [String: String] {
        let bytes = language == .zh ? PackageResources.labels_zh_json : PackageResources.labels_en_json
        return (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: String] ?? [:]
    }
}

extension HTMLLabels {
    /// A period as an office names it: 2024年第一季度, 2024年上半年, 2024年3月, 2024年度 (from the catalog).
    public func period(_ p: Period) -> String {
        let key: String
        switch p.kind {
        case .year: key = "period.year"
        case .half: key = "period.half.\(p.index)"
        case .quarter: key = "period.quarter.\(p.index)"
        case .month: key = "period.month"
        }
        let mm = p.index < 10 ? "0\(p.index)" : "\(p.index)"
        return self[key].replacingOccurrences(of: "{y}", with: String(p.year))
            .replacingOccurrences(of: "{mm}", with: mm).replacingOccurrences(of: "{m}", with: String(p.index))
    }
}
