import CRE2

/// A regular expression as CEL defines it: RE2 syntax and semantics, run by
/// RE2 itself (Debian's libre2), which matches in time linear in the text: no
/// pattern can make a match backtrack for seconds or give up and answer
/// false. Compiled once per pattern; lint compiles constant patterns, so a
/// rules file's bad pattern is an error at its place, never a rejected event.
public final class RegexPattern: @unchecked Sendable {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { re2shim_free(handle) }

    /// The compiled pattern, or RE2's reason it is not one (`missing ): (a`).
    public static func compile(_ pattern: String) -> Result<RegexPattern, RegexError> {
        var error: UnsafeMutablePointer<CChar>?
        var text = pattern
        let handle = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { re2shim_compile($0.baseAddress, $0.count, &error) }
        }
        guard let handle else {
            let reason = error.map { String(cString: $0) } ?? "not a regular expression"
            if let error { re2shim_free_error(error) }
            return .failure(RegexError(reason: reason))
        }
        return .success(RegexPattern(handle))
    }

    /// Whether the pattern matches anywhere in `text` (CEL's `matches`).
    public func search(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { re2shim_partial_match(handle, $0.baseAddress, $0.count) != 0 }
        }
    }
}

/// Why a pattern is not RE2.
public struct RegexError: Error, Sendable, Equatable {
    public var reason: String
}
