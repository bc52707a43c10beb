import ArgumentParser

/// What the shells complete for each kind of path argument (bash, zsh,
/// fish: `rubric --generate-completion-script`). Written once, so every
/// command completes events, rules, rosters and outputs alike.
extension CompletionKind {
    /// Event logs (and `-`, typed by hand).
    static var events: CompletionKind { .file(extensions: ["jsonl", "csv", "txt"]) }
    /// A rules file or a directory of versions.
    static var rules: CompletionKind { .file(extensions: ["yaml", "yml"]) }
    /// A roster: one unit a line, or CSV.
    static var roster: CompletionKind { .file(extensions: ["txt", "csv"]) }
    /// Rule-test files or their folders.
    static var ruleTests: CompletionKind { .file(extensions: ["yaml", "yml"]) }
    /// Any file to write.
    static var output: CompletionKind { .file() }
}
