import Foundation
import Yams

/// Loads rules files, following each overlay's `extends` to its base: by
/// path (relative to the overlay, a `.yaml` or `.yml` file, read even when
/// not listed) or by version (among the files listed). A file's document is
/// built from its whole chain merged (`OverlayMerger`), so it is checked,
/// scored and compiled as one rubric, and each diagnostic names the file
/// that holds its text.
public final class OverlayResolver {
    /// The longest chain of bases accepted.
    public static let maxDepth = 16

    struct Composed {
        var source: SourceFile
        var root: Node?
        var diagnostics: [Diagnostic]
    }

    struct Resolved {
        var chain: [SourceFile]
        var root: Node?
        var diagnostics: [Diagnostic]
    }

    let listed: [SourceFile]
    private var composed: [String: Composed] = [:]
    /// Bases read by path that were not listed, in the order first read.
    public private(set) var unlisted: [SourceFile] = []

    /// `listed`: the files named (a version named by `extends` is found among them).
    public init(listed: [SourceFile]) { self.listed = listed }

    /// The document of `source`, built from its chain of bases.
    public func load(_ source: SourceFile) -> RubricLoader.Loaded {
        let resolved = resolve(source, visiting: [])
        guard let root = resolved.root else {
            return RubricLoader.Loaded(source: source, chain: resolved.chain, tree: nil, document: nil, diagnostics: resolved.diagnostics)
        }
        return RubricLoader.build(chain: resolved.chain, root: root, diagnostics: resolved.diagnostics)
    }

    func resolve(_ source: SourceFile, visiting: [String]) -> Resolved {
        let own = compose(source)
        guard let root = own.root, let extends = root.child("extends") else {
            return Resolved(chain: [source], root: own.root, diagnostics: own.diagnostics)
        }
        let reader = YAMLReader(source: source)
        func failed(_ message: Message, help: Message? = nil) -> Resolved {
            reader.error(.badExtends, message, extends, help: help)
            return Resolved(chain: [source], root: nil, diagnostics: own.diagnostics + reader.diagnostics.items)
        }
        guard case .scalar(let s) = extends, !s.string.isEmpty else {
            return failed(Message("bad-extends.names-base", ["describe": reader.describe(extends)]))
        }
        let base: SourceFile
        switch find(s.string, from: source, root: root) {
        case .success(let b): base = b
        case .failure(let problem): return failed(problem.message, help: problem.help)
        }
        let chainIds = visiting + [identity(source.path)]
        if chainIds.contains(identity(base.path)) {
            return failed(Message("bad-extends.circle", ["cycle": "\(cycle(chainIds, base))"]),
                          help: Message("bad-extends.circle.help"))
        }
        if chainIds.count >= Self.maxDepth {
            return failed(Message("bad-extends.too-deep", ["maxDepth": "\(Self.maxDepth)"]), help: Message("bad-extends.too-deep.help"))
        }
        let b = resolve(base, visiting: chainIds)
        let chain = b.chain + [source]
        guard let baseRoot = b.root else {
            // Said once, at the file asked for; the bases between carry only their own problems.
            if visiting.isEmpty { reader.error(.badExtends, Message("bad-extends.base-cannot-used-fix", ["path": "\(base.path)"]), extends) }
            return Resolved(chain: chain, root: nil, diagnostics: own.diagnostics + b.diagnostics + reader.diagnostics.items)
        }
        let merger = YAMLReader(chain: chain)
        let tagged = NodeOrigin.tag(root, file: chain.count - 1)
        let merged = OverlayMerger(r: merger, baseName: describe(base, baseRoot)).merge(base: baseRoot, overlay: tagged)
        return Resolved(chain: chain, root: merged, diagnostics: own.diagnostics + b.diagnostics + merger.diagnostics.items)
    }

    struct Problem: Error {
        var message: Message
        var help: Message?
    }

    /// The base `name` means: a path when it looks like one, else a version among the listed files.
    func find(_ name: String, from source: SourceFile, root: Node) -> Result<SourceFile, Problem> {
        if name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else {
                return .failure(Problem(message: Message("bad-extends.not-yaml", ["name": "\(name)"])))
            }
            let path = Self.join(directory(of: source.path), name)
            if let known = (listed + unlisted).first(where: { identity($0.path) == identity(path) }) { return .success(known) }
            do {
                let file = try SourceFile.read(path: path)
                unlisted.append(file)
                return .success(file)
            } catch {
                let folder = directory(of: path)
                let near = ((try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? [])
                    .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                let file = (path as NSString).lastPathComponent
                return .failure(Problem(message: Message("bad-extends.unreadable", ["error": .message(error.message)]),
                                        help: Suggestion.nearest(to: file, in: near).map { Message("bad-extends.unreadable.near.help", ["name": "\($0)"]) }
                                            ?? Message("bad-extends.unreadable.help")))
            }
        }
        let myId = root.child("rubric")?.child("id")?.text
        let candidates = listed.filter { other in
            guard identity(other.path) != identity(source.path), let meta = compose(other).root?.child("rubric") else { return false }
            return meta.child("version")?.text == name && (myId == nil || meta.child("id")?.text == myId)
        }
        if candidates.count == 1 { return .success(candidates[0]) }
        if candidates.isEmpty {
            let versions = listed.compactMap { compose($0).root?.child("rubric")?.child("version")?.text }
            return .failure(Problem(message: versions.isEmpty ? Message("bad-extends.no-version", ["name": "\(name)"])
                                        : Message("bad-extends.no-version.read", ["name": "\(name)", "versions": .code(versions.sorted())]),
                                    help: Suggestion.nearest(to: name, in: versions).map { Message("suggestion.did-you-mean", ["name": "\($0)"]) }
                                        ?? Message("bad-extends.no-version.help")))
        }
        return .failure(Problem(message: Message("bad-extends.several", ["name": "\(name)", "files": .list(candidates.map { .text($0.path) })]),
                                help: Message("bad-extends.several.help")))
    }

    func compose(_ source: SourceFile) -> Composed {
        let key = identity(source.path)
        if let c = composed[key] { return c }
        let (root, diagnostics) = RubricLoader.compose(source)
        let c = Composed(source: source, root: root, diagnostics: diagnostics)
        composed[key] = c
        return c
    }

    func describe(_ base: SourceFile, _ root: Node) -> Message.Argument {
        let version = root.child("rubric")?.child("version")?.text
        return version.map { .phrase("what.version-in", ["version": "\($0)", "path": "\(base.path)"]) } ?? "\(base.path)"
    }

    func cycle(_ ids: [String], _ base: SourceFile) -> String {
        (ids + [identity(base.path)]).map { ($0 as NSString).lastPathComponent }.joined(separator: " → ")
    }

    /// One spelling per file, whatever path reached it.
    func identity(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash]).isEmpty ? "/" : String(path[..<slash])
    }

    /// `name` relative to `directory`, with `.` and `..` taken out as far as the text allows.
    static func join(_ directory: String, _ name: String) -> String {
        let full = name.hasPrefix("/") || directory.isEmpty ? name : directory + "/" + name
        var parts: [Substring] = []
        for p in full.split(separator: "/", omittingEmptySubsequences: true) {
            if p == "." { continue }
            if p == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(p)
        }
        let joined = parts.joined(separator: "/")
        return full.hasPrefix("/") ? "/" + joined : joined
    }
}
