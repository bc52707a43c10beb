import Foundation
import RubricCheck
import RubricEval
import RubricSyntax

/// The fixed words of everything printed for people (tables, explanations,
/// diffs, the report, the workbook), in Chinese or English. They are data,
/// not code: the message catalogs `Catalogs/labels.<lang>.json`, embedded in
/// the binary at build time (so an installed binary needs no file beside
/// it); a test keeps their keys equal. Rubric titles (the rubric's,
/// categories', items', rules', event types') come from the rules file.
public struct Labels: Sendable {
    let catalog: Catalog
    public var language: Language { catalog.language }

    public init(_ language: Language) {
        catalog = Catalog(language: language, words: Self.words(language))
    }

    /// The words of a run over `evaluation`: `--lang` if given, else the rubric's `language`.
    public init(asked: Language?, evaluation: Evaluation) {
        self.init(Language.of(asked: asked, declared: evaluation.versions.map(\.language)))
    }

    public subscript(_ key: String) -> String { catalog[key] }

    /// The words under `key` with its `{name}` placeholders filled.
    public func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String { catalog(key, values) }

    /// The template under `key` in its words and placeholders.
    func pieces(_ key: String) -> [Catalog.Piece] { catalog.pieces(key) }

    /// A language's catalog: key -> words.
    public static func words(_ language: Language) -> [String: String] {
        let bytes = language == .zh ? PackageResources.labels_zh_json : PackageResources.labels_en_json
        return Catalog.decode(bytes)
    }
}

extension Labels {
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
        return self(key, ["y": String(p.year), "mm": mm, "m": String(p.index)])
    }

    /// A number with its sign: +2, -1.5 (zero unsigned).
    public static func signed(_ f: Fixed) -> String { f.isNegative || f == .zero ? f.description : "+" + f.description }
}

extension Labels {
    /// Why no scores were printed: `count` records rejected, without --keep-going.
    public func rejectsStopped(_ count: Int) -> String {
        self(count == 1 ? "rejects.stopped.one" : "rejects.stopped", ["count": String(count)])
    }

    /// With --keep-going: `count` records not scored (listed in `file`).
    public func rejectsKept(_ count: Int, file: String?) -> String {
        let see = file.map { self("rejects.see", ["file": $0]) } ?? ""
        return self(count == 1 ? "rejects.kept.one" : "rejects.kept", ["count": String(count), "see": see])
    }
}

extension Labels {
    /// A rule as a reader knows it: its item (number and title) and its
    /// title, or its event types' titles; its id only for authors (`verbose`).
    public func rule(_ rule: CheckedRubric.Rule, in schema: Schema, verbose: Bool) -> String {
        let what = rule.title ?? rule.types.map { schema.types[$0].title ?? schema.types[$0].name }.joined(separator: self["list.separator"])
        let item = rule.itemNumber.map { self("explain.item", ["number": $0, "title": rule.itemTitle ?? ""]) } ?? ""
        return item + what + (verbose ? " [\(rule.id)]" : "")
    }

    /// An event type by its title (its name for authors, or when it has no title).
    public func eventType(_ name: String, in schema: Schema, verbose: Bool) -> String {
        guard !verbose, let i = schema.typeIndex[name], let title = schema.types[i].title else { return name }
        return title
    }
}
