import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RubricSyntax

/// How diagnostics are printed.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Prints diagnostics as compiler-style text (with carets) or as JSON.
struct DiagnosticOutput {
    let format: DiagnosticFormat
    let sources: [SourceFile]
    /// The language of messages and help (codes stay as they are).
    let language: Language

    func write(_ diagnostics: [Diagnostic], unreadable: [Message], files: Int) {
        let words = Catalog.messages(language)
        switch format {
        case .text:
            let renderer = DiagnosticRenderer(files: sources, language: language)
            var text = diagnostics.map(renderer.render).joined(separator: "\n")
            for u in unreadable {
                text += (text.isEmpty ? "" : "\n")
                    + Quoting.terminal(renderer.head(.error, .unreadable, u)) + "\n"
            }
            let errors = diagnostics.filter { $0.severity == .error }.count + unreadable.count
            let warnings = diagnostics.count - diagnostics.filter { $0.severity == .error }.count
            func count(_ key: String, _ n: Int) -> Message.Argument { .phrase(n == 1 ? key + ".one" : key, ["count": "\(n)"]) }
            let summary = Message("lint.summary", ["files": count("lint.files", files), "errors": count("lint.errors", errors), "warnings": count("lint.warnings", warnings)])
            text += (text.isEmpty ? "" : "\n") + words.text(summary) + "\n"
            Output.standardOutput(text)
        case .json:
            /// A diagnostic as JSON: its code and place, its message and help in the run's language.
            struct Entry: Encodable {
                var severity: Severity
                var code: DiagnosticCode
                var message: String
                var span: SourceSpan
                var help: String
            }
            struct Payload: Encodable {
                var diagnostics: [Entry]
                var unreadable: [String]
                var errors: Int
                var warnings: Int
            }
            let errors = diagnostics.filter { $0.severity == .error }.count
            let entries = diagnostics.map { Entry(severity: $0.severity, code: $0.code, message: $0.text(in: language), span: $0.span, help: $0.helpText(in: language)) }
            let p = Payload(diagnostics: entries, unreadable: unreadable.map(words.text), errors: errors + unreadable.count,
                            warnings: diagnostics.count - errors)
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Output.standardOutput(String(decoding: (try? enc.encode(p)) ?? Data(), as: UTF8.self) + "\n")
        }
    }
}

/// Unbuffered writes to the standard streams.
/// Writes to standard output and error with write(2): a write that fails
/// (a full disk, `/dev/full`, a closed descriptor) ends the run with one
/// line on standard error and status 2, never a crash; a reader that went
/// away (EPIPE, `rubric eval ... | head`) ends it quietly with 141, as the
/// shell's own SIGPIPE would.
enum Output {
    static func standardOutput(_ s: String) { write(s, to: 1, name: "standard output") }

    /// Ends the run with `status`, any pending temporary output file removed.
    static func exit(_ status: Int32) -> Never {
        PendingFiles.removeAll()
        Glibc.exit(status)
    }
    static func standardError(_ s: String) { if !s.isEmpty { write(s, to: 2, name: "standard error") } }

    static func write(_ s: String, to fd: Int32, name: String) { write(bytes: Array(s.utf8), to: fd, name: name) }

    /// Writes all of `bytes` or ends the run (any temporary output file removed first).
    static func write(bytes: [UInt8], to fd: Int32, name: String) {
        bytes.withUnsafeBytes { write(raw: $0, to: fd, name: name) }
    }

    /// `write(bytes:to:name:)` of bytes in place (a large text's UTF-8, not copied first).
    static func write(raw bytes: UnsafeRawBufferPointer, to fd: Int32, name: String) {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n > 0 { offset += n; continue }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && errno == EPIPE { PendingFiles.removeAll(); exit(141) }
            let why = n < 0 ? String(cString: strerror(errno)) : "nothing was written"
            if fd != 2 {
                let line = Array("error: cannot write to \(name): \(why)\n".utf8)
                _ = line.withUnsafeBytes { Glibc.write(2, $0.baseAddress!, $0.count) }
            }
            PendingFiles.removeAll()
            exit(2)
        }
    }
}
