import RubricSyntax

/// Small helpers for command messages.
enum RubricSyntaxHelp {
    static func suggest(_ word: String, _ candidates: Set<String>) -> String {
        Suggestion.nearest(to: word, in: candidates).map { "; did you mean `\($0)`?" } ?? ""
    }
}
