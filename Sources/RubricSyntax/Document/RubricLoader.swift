import Yams

/// Turns a rules file into a `RubricDocument`, collecting diagnostics for
/// everything that is not well formed. Structural problems never stop the
/// reading of the rest of the file.
public enum RubricLoader {
    /// The most YAML nodes a rules file may expand to (aliases included):
    /// a "billion laughs" file is reported, not expanded.
    public static let maxNodes = 200_000
    /// The deepest nesting of YAML collections accepted.
    public static let maxYAMLDepth = 64

    /// The result of loading: the document when its shape allowed building
    /// one, and every diagnostic found on the way.
    public struct Loaded: Sendable {
        public var source: SourceFile
        /// The files the document was resolved from, base first, `source` last.
        public var chain: [SourceFile]
        /// The resolved YAML tree (an overlay merged onto its bases), for `rubric show`.
        public var tree: ResolvedTree?
        public var document: RubricDocument?
        public var diagnostics: [Diagnostic]
    }

    /// One file on its own (an `extends` in it is not followed: use `OverlayResolver`).
    public static func load(_ source: SourceFile) -> Loaded {
        let (root, diagnostics) = compose(source)
        guard let root else { return Loaded(source: source, chain: [source], tree: nil, document: nil, diagnostics: diagnostics) }
        return build(chain: [source], root: root, diagnostics: diagnostics)
    }

    /// A file's YAML tree, within the limits, or the diagnostics saying why not.
    static func compose(_ source: SourceFile) -> (Node?, [Diagnostic]) {
        let reader = YAMLReader(source: source)
        if let d = YAMLLimits.precheck(source, maxDepth: maxYAMLDepth) { return (nil, [d]) }
        let root: Node?
        do {
            root = try Yams.compose(yaml: source.text, .basic)
        } catch let e as YamlError {
            return (nil, [YAMLLimits.diagnostic(for: e, file: source.path)])
        } catch {
            return (nil, [.error(.yamlSyntax, Message("yaml-syntax.yaml", ["problem": "\(error)"]), at: .file(source.path))])
        }
        guard let root else {
            return (nil, [
                .error(.emptyFile, Message("empty-file.rules-file-empty"), at: .file(source.path),
                       help: Message("empty-file.rules-file-empty.help")),
            ])
        }
        if YAMLLimits.countNodes(root, limit: maxNodes) > maxNodes {
            return (nil, [
                .error(.tooLarge, Message("too-large.rules-file-expands-more", ["maxNodes": "\(maxNodes)"]), at: reader.span(root),
                       help: Message("too-large.rules-file-expands-more.help")),
            ])
        }
        return (root, [])
    }

    /// The document of a resolved tree whose nodes come from `chain`.
    static func build(chain: [SourceFile], root: Node, diagnostics: [Diagnostic]) -> Loaded {
        let reader = YAMLReader(chain: chain)
        let doc = DocumentBuilder(reader).build(root)
        return Loaded(source: chain[chain.count - 1], chain: chain, tree: ResolvedTree(chain: chain, root: root), document: doc,
                      diagnostics: diagnostics + reader.diagnostics.items)
    }
}
