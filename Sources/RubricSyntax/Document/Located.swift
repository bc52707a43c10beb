/// A value read from a rules file, with where it was written.
public struct Located<T: Sendable>: Sendable {
    public var value: T
    public var span: SourceSpan

    public init(_ value: T, _ span: SourceSpan) {
        self.value = value
        self.span = span
    }
}

extension Located: Equatable where T: Equatable {}
extension Located: Hashable where T: Hashable {}
