/// Terminal display width of text: East Asian wide and fullwidth characters
/// take two columns, combining marks none.
public enum DisplayWidth {
    public static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v == 0 { return 0 }
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if s.properties.generalCategory == .nonspacingMark || s.properties.generalCategory == .enclosingMark { return 0 }
        if v == 0x200B || (v >= 0x200C && v <= 0x200F) { return 0 }
        if isWide(v) { return 2 }
        return 1
    }

    public static func of<S: StringProtocol>(_ text: S) -> Int {
        text.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
             0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` padded with spaces to `width` display columns (left-aligned).
    public static func padRight<S: StringProtocol>(_ text: S, to width: Int) -> String {
        String(text) + String(repeating: " ", count: max(0, width - of(text)))
    }

    /// `text` padded with spaces to `width` display columns (right-aligned).
    public static func padLeft<S: StringProtocol>(_ text: S, to width: Int) -> String {
        String(repeating: " ", count: max(0, width - of(text))) + String(text)
    }
}
