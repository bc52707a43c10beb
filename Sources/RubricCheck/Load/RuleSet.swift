import Foundation
import RubricSyntax

/// The rules files found at some paths, loaded and checked together: what
/// `rubric lint` reports on and what `rubric eval` chooses versions from.
public struct RuleSet: Sendable {
    /// Every file read, for rendering diagnostics with their source lines.
    public var sources: [SourceFile] = []
    /// Every document that parsed well enough to check.
    public var documents: [RubricDocument] = []
    /// The versions that passed the checker, oldest effective date first.
    public var rubrics: [CheckedRubric] = []
    /// All findings, in file and position order.
    public var diagnostics: [Diagnostic] = []
    /// Paths that could not be read at all (usage-level errors).
    public var unreadable: [Message] = []

    /// The resolved YAML tree of each document's file (its chain merged), for `rubric show`.
    public var trees: [String: ResolvedTree] = [:]
    /// Each document's chain of files, base first, by the document's file.
    public var chains: [String: [SourceFile]] = [:]

    /// The file a version was read from.
    public func source(of rubric: CheckedRubric) -> SourceFile? { sources.first { $0.path == rubric.meta.file } }

    /// The files a version was resolved from, base first, its own file last.
    public func chain(of rubric: CheckedRubric) -> [SourceFile] { chains[rubric.meta.file] ?? source(of: rubric).map { [$0] } ?? [] }

    /// The language to report in: `asked`, else the one the newest version
    /// that parsed declares, else English (`Language.of`). A file too broken
    /// to parse declares none.
    public func language(asked: Language?) -> Language {
        let byDate = documents.sorted { ($0.meta.effective.value, $0.file) < ($1.meta.effective.value, $1.file) }
        return Language.of(asked: asked, declared: byDate.map { $0.meta.language?.value })
    }

    public var hasErrors: Bool { !unreadable.isEmpty || diagnostics.contains { $0.severity == .error } }

    /// Loads files and directories (a directory contributes its `*.yaml`
    /// and `*.yml` files, not its subdirectories). An overlay's bases are
    /// followed (`OverlayResolver`); a base read by path that is not listed
    /// is not a version of its own.
    public static func load(paths: [String]) -> RuleSet {
        var set = RuleSet()
        var listed: [SourceFile] = []
        for file in expand(paths, &set.unreadable) {
            do { listed.append(try SourceFile.read(path: file)) } catch {
                set.unreadable.append(error.message)
            }
        }
        set.sources = listed
        let resolver = OverlayResolver(listed: listed)
        var found: [(file: String, version: String, diagnostics: [Diagnostic])] = []
        for source in listed {
            let loaded = resolver.load(source)
            var ds = loaded.diagnostics
            set.chains[source.path] = loaded.chain
            if let tree = loaded.tree { set.trees[source.path] = tree }
            if let doc = loaded.document {
                set.documents.append(doc)
                let (checked, checks) = RubricChecker.check(doc)
                ds += checks
                if let checked, !loaded.diagnostics.contains(where: { $0.severity == .error }) { set.rubrics.append(checked) }
            }
            found.append((source.path, loaded.document?.meta.version.value ?? "", ds))
        }
        set.sources += resolver.unlisted
        var diags = Diagnostics()
        diags.add(contentsOf: merged(found) + VersionSetChecker.check(set.documents))
        set.diagnostics = diags.sorted
        set.rubrics.sort { ($0.meta.effective, $0.meta.file) < ($1.meta.effective, $1.meta.file) }
        return set
    }

    /// Each finding once. A finding an overlay's version has in a base's
    /// text says which version it belongs to, unless the base as a version
    /// of its own has it too.
    static func merged(_ found: [(file: String, version: String, diagnostics: [Diagnostic])]) -> [Diagnostic] {
        let own = Set(found.flatMap { f in f.diagnostics.filter { $0.span.file == f.file } })
        var seen = Set<Diagnostic>()
        var out: [Diagnostic] = []
        for f in found {
            for var d in f.diagnostics {
                if d.span.file != f.file {
                    if own.contains(d) { continue }
                    d.message = f.version.isEmpty
                        ? Message("diagnostic.in-overlay", ["message": .message(d.message), "file": "\(f.file)"])
                        : Message("diagnostic.in-overlay-version", ["message": .message(d.message), "file": "\(f.file)", "version": "\(f.version)"])
                }
                if seen.insert(d).inserted { out.append(d) }
            }
        }
        return out
    }

    static func expand(_ paths: [String], _ unreadable: inout [Message]) -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else {
                unreadable.append(Message("unreadable.no-path", ["path": "\(p)"]))
                continue
            }
            if isDir.boolValue {
                let names = ((try? fm.contentsOfDirectory(atPath: p)) ?? []).sorted()
                // Rule tests (`*.test.yaml`) live beside rules but are not rules.
                let yaml = names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasSuffix(".test.yaml") && !$0.hasSuffix(".test.yml") }
                    .map { p.hasSuffix("/") ? p + $0 : p + "/" + $0 }
                    .filter { var d: ObjCBool = false; return fm.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue }
                if yaml.isEmpty { unreadable.append(Message("unreadable.no-rules", ["path": "\(p)"])) }
                out.append(contentsOf: yaml)
            } else {
                out.append(p)
            }
        }
        return out
    }
}
