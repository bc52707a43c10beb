import RubricSyntax

/// What names mean while checking one expression.
public struct CheckEnvironment: Sendable {
    /// Variables in scope by name (event fields, or bindings).
    public var variables: [String: CELType]
    /// Enum fields' allowed values, to check string literals compared with them.
    public var enumValues: [String: [String]]
    /// Whether `event` names the current event (and `event.f` its fields).
    public var hasEvent: Bool
    /// Words used in messages: "field" for rubric expressions, "variable" otherwise.
    public var nameNoun: Message.Argument
    /// Names that are not in scope here for a reason worth saying (an event's
    /// fields in an absence rule's points), with that reason as help.
    public var unavailable: [String: Message] = [:]

    public init(variables: [String: CELType] = [:], enumValues: [String: [String]] = [:], hasEvent: Bool = false, nameNoun: Message.Argument = .phrase("noun.variable")) {
        self.variables = variables
        self.enumValues = enumValues
        self.hasEvent = hasEvent
        self.nameNoun = nameNoun
    }

    /// Type names usable as values (`type(x) == int`).
    public static let typeNames: Set<String> = ["int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type"]
}

/// What a name in an expression refers to, as the checker resolved it:
/// the one resolution, which the compiler follows (as cel-go's checker
/// hands its reference map to the planner).
public enum Reference: Sendable, Equatable {
    /// A declared variable or event field read by name (`days`, dotted `a.b`).
    case variable(String)
    /// `event.f`: an event field read through `event`.
    case eventField(String)
    /// `has(event.f)`: whether the event has the field.
    case eventFieldPresence(String)
    /// A comprehension variable.
    case local(String)
    /// A type name used as a value (`type(x) == int`).
    case typeName(String)
    /// A namespaced function (`math.ceil(x)` is a call of `math.ceil`, not a method on `math`).
    case function(String)
}

/// The outcome of checking one expression.
public struct CheckedExpr: Sendable {
    public var source: ExprSource
    public var parsed: ParsedExpr
    public var type: CELType
    /// What each name node refers to, by node id (`Expr.id`).
    public var references: [Int: Reference]
    /// Fields whose presence the expression tests with `has(event.f)`.
    public var presenceTested: Set<String>
    /// Variables (fields) the expression reads.
    public var reads: Set<String>
}
