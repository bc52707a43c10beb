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
        public var document: RubricDocument?
        public var diagnostics: [Diagnostic]
    }

    public static func load(_ source: SourceFile) -> Loaded {
        let reader = YAMLReader(source: source)
        if let d = YAMLLimits.precheck(source, maxDepth: maxYAMLDepth) {
            return Loaded(source: source, document: nil, diagnostics: [d])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: source.text, .basic)
        } catch let e as YamlError {
            return Loaded(source: source, document: nil, diagnostics: [YAMLLimits.diagnostic(for: e, file: source.path)])
        } catch {
            return Loaded(source: source, document: nil, diagnostics: [.error(.yamlSyntax, "\(error)", at: .file(source.path))])
        }
        guard let root else {
            return Loaded(source: source, document: nil, diagnostics: [
                .error(.emptyFile, "the rules file is empty", at: .file(source.path),
                       help: "a rules file needs at least `rubric:`, `periods:`, `events:` and `categories:`"),
            ])
        }
        if YAMLLimits.countNodes(root, limit: maxNodes) > maxNodes {
            return Loaded(source: source, document: nil, diagnostics: [
                .error(.tooLarge, "the rules file expands to more than \(maxNodes) YAML nodes", at: reader.span(root),
                       help: "YAML aliases (`*name`) that repeat anchors many times multiply the file; write the rules out plainly"),
            ])
        }
        let doc = DocumentBuilder(reader).build(root)
        return Loaded(source: source, document: doc, diagnostics: reader.diagnostics.items)
    }
}
