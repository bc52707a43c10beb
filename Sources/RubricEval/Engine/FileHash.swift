import Crypto
import Foundation

/// Content hashes that identify the exact rules file a score came from.
public enum FileHash {
    /// SHA-256 of a file's bytes, lowercase hex.
    public static func sha256(path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
