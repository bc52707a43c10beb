import ArgumentParser
import Foundation
import RubricSyntax

/// How diagnostics are printed.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Prints diagnostics as compiler-style text (with carets) or as JSON.
struct DiagnosticOutput {
    let format: DiagnosticFormat
    let sources: [SourceFile]

    func write(_ diagnostics: [Diagnostic], unreadable: [String], files: Int) {
        switch format {
        case .text:
            let renderer = DiagnosticRenderer(files: sources)
            var text = diagnostics.map(renderer.render).joined(separator: "\n")
            for u in unreadable { text += (text.isEmpty ? "" : "\n") + "error[unreadable]: \(u)\n" }
            let errors = diagnostics.filter { $0.severity == .error }.count + unreadable.count
            let warnings = diagnostics.count - diagnostics.filter { $0.severity == .error }.count
            text += (text.isEmpty ? "" : "\n") + "\(files) file\(files == 1 ? "" : "s") checked: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
            Output.standardOutput(text)
        case .json:
            struct Payload: Encodable {
                var diagnostics: [Diagnostic]
                var unreadable: [String]
                var errors: Int
                var warnings: Int
            }
            let errors = diagnostics.filter { $0.severity == .error }.count
            let p = Payload(diagnostics: diagnostics, unreadable: unreadable, errors: errors + unreadable.count,
                            warnings: diagnostics.count - errors)
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Output.standardOutput(String(decoding: (try? enc.encode(p)) ?? Data(), as: UTF8.self) + "\n")
        }
    }
}

/// Unbuffered writes to the standard streams.
enum Output {
    static func standardOutput(_ s: String) { FileHandle.standardOutput.write(Data(s.utf8)) }
    static func standardError(_ s: String) { if !s.isEmpty { FileHandle.standardError.write(Data(s.utf8)) } }
}
