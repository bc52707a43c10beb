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
    public var unreadable: [String] = []

    /// The file a version was read from (its bytes are what its hash names).
    public func source(of rubric: CheckedRubric) -> SourceFile? { sources.first { $0.path == rubric.meta.file } }

    public var hasErrors: Bool { !unreadable.isEmpty || diagnostics.contains { $0.severity == .error } }

    /// Loads files and directories (a directory contributes its `*.yaml`
    /// and `*.yml` files, not its subdirectories).
    public static func load(paths: [String]) -> RuleSet {
        var set = RuleSet()
        var diags = Diagnostics()
        for file in expand(paths, &set.unreadable) {
            let source: SourceFile
            do { source = try SourceFile.read(path: file) } catch {
                set.unreadable.append(error.description)
                continue
            }
            set.sources.append(source)
            let loaded = RubricLoader.load(source)
            diags.add(contentsOf: loaded.diagnostics)
            guard let doc = loaded.document else { continue }
            set.documents.append(doc)
            let (checked, ds) = RubricChecker.check(doc)
            diags.add(contentsOf: ds)
            if let checked, !loaded.diagnostics.contains(where: { $0.severity == .error }) { set.rubrics.append(checked) }
        }
        diags.add(contentsOf: VersionSetChecker.check(set.documents))
        set.diagnostics = diags.sorted
        set.rubrics.sort { ($0.meta.effective, $0.meta.file) < ($1.meta.effective, $1.meta.file) }
        return set
    }

    static func expand(_ paths: [String], _ unreadable: inout [String]) -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else {
                unreadable.append("\(p): no such file or directory")
                continue
            }
            if isDir.boolValue {
                let names = ((try? fm.contentsOfDirectory(atPath: p)) ?? []).sorted()
                // Rule tests (`*.test.yaml`) live beside rules but are not rules.
                let yaml = names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasSuffix(".test.yaml") && !$0.hasSuffix(".test.yml") }
                    .map { p.hasSuffix("/") ? p + $0 : p + "/" + $0 }
                    .filter { var d: ObjCBool = false; return fm.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue }
                if yaml.isEmpty { unreadable.append("\(p): no rules files (*.yaml, *.yml) in this directory") }
                out.append(contentsOf: yaml)
            } else {
                out.append(p)
            }
        }
        return out
    }
}
