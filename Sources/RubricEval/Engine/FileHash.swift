import Crypto
import Foundation
import RubricCheck
import RubricSyntax

/// Content hashes that identify the exact rules file a score came from.
public enum FileHash {
    /// SHA-256 of the bytes a rules file was parsed from, lowercase hex.
    public static func sha256(_ source: SourceFile) -> String {
        SHA256.hash(data: source.bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// What names a version's rules exactly: the SHA-256 of its one file, or
    /// for an overlay the SHA-256 of its chain's file hashes, base first, each
    /// a line of 64 hex digits
    /// (`sha256sum base.yaml overlay.yaml | cut -c1-64 | sha256sum`).
    public static func sha256(chain: [SourceFile]) -> String {
        guard chain.count > 1 else { return chain.first.map(sha256) ?? "" }
        let lines = chain.map { sha256($0) + "\n" }.joined()
        return SHA256.hash(data: Array(lines.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension RuleSet {
    /// The hash that names a version's rules (`FileHash.sha256(chain:)`).
    public func sha256(of rubric: CheckedRubric) -> String { FileHash.sha256(chain: chain(of: rubric)) }
}
