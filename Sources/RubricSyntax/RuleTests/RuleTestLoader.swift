import Yams

/// Reads a rule-test file, collecting diagnostics like the rules loader.
public enum RuleTestLoader {
    public static func load(_ source: SourceFile) -> (RuleTestDocument?, [Diagnostic]) {
        let r = YAMLReader(source: source)
        if let d = YAMLLimits.precheck(source, maxDepth: RubricLoader.maxYAMLDepth) { return (nil, [d]) }
        let root: Node?
        do { root = try Yams.compose(yaml: source.text, .basic) } catch let e as YamlError {
            return (nil, [YAMLLimits.diagnostic(for: e, file: source.path)])
        } catch {
            return (nil, [.error(.yamlSyntax, Message("yaml-syntax.yaml", ["problem": "\(error)"]), at: .file(source.path))])
        }
        guard let root, let top = r.mapping(root, "a test file") else {
            return (nil, [.error(.emptyFile, Message("empty-file.test-file-empty"), at: .file(source.path), help: Message("empty-file.test-file-empty.help"))])
        }
        if YAMLLimits.countNodes(root, limit: RubricLoader.maxNodes) > RubricLoader.maxNodes {
            return (nil, [.error(.tooLarge, Message("too-large.test-file-expands-more", ["maxNodes": "\(RubricLoader.maxNodes)"]), at: r.span(root))])
        }
        r.checkKeys(top, allowed: ["rules", "tests"], required: ["tests"], what: "a test file")
        let tests = r.sequence(top.value("tests"), "`tests`").compactMap { testCase($0, r) }
        return (RuleTestDocument(file: source.path, rules: r.names(top.value("rules"), "`rules`"), tests: tests), r.diagnostics.items)
    }

    static func testCase(_ node: Node, _ r: YAMLReader) -> RuleTestCase? {
        guard let m = r.mapping(node, "a test") else { return nil }
        r.checkKeys(m, allowed: ["name", "version", "as_of", "roster", "events", "expect", "rejects", "accounting"],
                    required: ["name", "events", "expect"], what: "a test")
        guard let name = r.string(m.value("name"), "`name`") else { return nil }
        let asOf = r.string(m.value("as_of"), "`as_of`")
        if let a = asOf, !DateText.isValid(a.value) {
            r.error(.badDate, Message("bad-date.as-must-date-yyyy"), m.value("as_of"))
        }
        let events = r.sequence(m.value("events"), "`events`").compactMap { event($0, r) }
        let expect = r.sequence(m.value("expect"), "`expect`").compactMap { expectation($0, r) }
        var rejects: [ExpectedReject]?
        if let rn = m.value("rejects") {
            rejects = r.sequence(rn, "`rejects`").compactMap { n in
                guard let rm = r.mapping(n, "an expected reject") else { return nil }
                r.checkKeys(rm, allowed: ["event", "field"], required: ["event"], what: "an expected reject")
                guard let e = r.int(rm.value("event"), "`event`", min: 1) else { return nil }
                if e.value > events.count { r.error(.badValue, Message("bad-value.there-no-event-test", ["e": "\(e.value)", "eventsCount": "\(events.count)"]), rm.value("event")) }
                return ExpectedReject(event: e, field: r.string(rm.value("field"), "`field`")?.value)
            }
        }
        var accounting: [(key: String, value: Located<Int>)] = []
        if let am = r.mapping(m.value("accounting"), "`accounting`") {
            r.checkKeys(am, allowed: ["read", "scored", "rejected", "after_as_of"], what: "`accounting`")
            for e in am.entries { if let v = r.int(e.value, "`\(e.key)`", min: 0) { accounting.append((e.key, v)) } }
        }
        var roster: [String]?
        var attributes: [String: [String: String]] = [:]
        if let rn = m.value("roster") {
            roster = []
            for item in r.sequence(rn, "`roster`") {
                if case .mapping = item, let im = r.mapping(item, "a roster entry") {
                    guard let unit = r.string(im.value("unit"), "`unit`") else { continue }
                    roster!.append(unit.value)
                    for e in im.entries where e.key != "unit" { attributes[unit.value, default: [:]][e.key] = r.string(e.value, "`\(e.key)`")?.value }
                } else if let u = r.string(item, "a roster unit") {
                    roster!.append(u.value)
                }
            }
        }
        var c = RuleTestCase(name: name, version: r.string(m.value("version"), "`version`")?.value, asOf: asOf, roster: roster,
                             events: events, expect: expect, rejects: rejects, accounting: accounting)
        c.rosterAttributes = attributes
        return c
    }

    static func event(_ node: Node, _ r: YAMLReader) -> TestEvent? {
        guard let m = r.mapping(node, "an event") else { return nil }
        var fields: [(String, TestScalar)] = []
        var parts: [String] = []
        for e in m.entries {
            guard case .scalar(let s) = e.value else {
                r.error(.wrongKind, Message("wrong-kind.event-field-must-single", ["key": "\(e.key)"]), e.value)
                continue
            }
            let v: TestScalar
            if s.style != .plain { v = .text(s.string) }
            else if s.string == "null" || s.string == "~" || s.string.isEmpty { v = .null }
            else if s.string == "true" || s.string == "false" { v = .bool(s.string == "true") }
            else if Fixed(parsing: s.string) != nil || Double(s.string) != nil, s.string.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true,
                    !DateText.isValid(s.string) { v = .number(s.string) }
            else { v = .text(s.string) }
            fields.append((e.key, v))
            parts.append("\(e.key): \(s.string)")
        }
        return TestEvent(line: node.mark?.line ?? 0, fields: fields, text: "{" + parts.joined(separator: ", ") + "}")
    }

    static func expectation(_ node: Node, _ r: YAMLReader) -> Expectation? {
        guard let m = r.mapping(node, "an expectation") else { return nil }
        r.checkKeys(m, allowed: ["unit", "period", "total", "rank", "grade", "adjustments", "categories", "rules"],
                    required: ["unit", "period"], what: "an expectation")
        guard let unit = r.string(m.value("unit"), "`unit`"), let period = r.string(m.value("period"), "`period`") else { return nil }
        func pairs(_ key: String) -> [(String, Located<Fixed>)] {
            guard let pm = r.mapping(m.value(key), "`\(key)`") else { return [] }
            return pm.entries.compactMap { e in r.fixed(e.value, "`\(e.key)`").map { (e.key, $0) } }
        }
        return Expectation(unit: unit, period: period, total: r.fixed(m.value("total"), "`total`"),
                           rank: r.int(m.value("rank"), "`rank`", min: 1), grade: r.string(m.value("grade"), "`grade`"),
                           adjustments: r.fixed(m.value("adjustments"), "`adjustments`"),
                           categories: pairs("categories"), rules: pairs("rules"), span: r.span(node))
    }
}
