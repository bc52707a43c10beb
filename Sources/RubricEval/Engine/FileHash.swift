import Crypto
import Foundation
import RubricSyntax

/// Content hashes that identify the exact rules file a score came from.
public enum FileHash {
    /// SHA-256 of the bytes a rules file was parsed from, lowercase hex.
    public static func sha256(_ source: SourceFile) -> String {
        SHA256.hash(data: source.bytes).map { String(format: "%02x", $0) }.joined()
    }
}
