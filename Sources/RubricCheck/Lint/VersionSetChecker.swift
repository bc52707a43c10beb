import RubricSyntax

/// Checks across the files of one rules directory: versions of one rubric
/// must have distinct version strings and distinct effective dates.
public enum VersionSetChecker {
    public static func check(_ docs: [RubricDocument]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var byRubric: [String: [RubricDocument]] = [:]
        for d in docs where !d.meta.id.value.isEmpty { byRubric[d.meta.id.value, default: []].append(d) }
        for (id, group) in byRubric.sorted(by: { $0.key < $1.key }) {
            var versions: [String: RubricDocument] = [:]
            var dates: [String: RubricDocument] = [:]
            for d in group.sorted(by: { $0.file < $1.file }) {
                if let first = versions[d.meta.version.value] {
                    out.append(.error(.duplicateVersion, Message("duplicate-version.rubric-version-also-defined", ["id": "\(id)", "version": "\(d.meta.version.value)", "file": "\(first.file)"]),
                                      at: d.meta.version.span, help: Message("duplicate-version.rubric-version-also-defined.help")))
                } else { versions[d.meta.version.value] = d }
                if let first = dates[d.meta.effective.value] {
                    out.append(.error(.duplicateEffective, Message("duplicate-effective.rubric-has-two-versions", ["id": "\(id)", "effective": "\(d.meta.effective.value)", "file": "\(first.file)", "version": "\(first.meta.version.value)"]),
                                      at: d.meta.effective.span, help: Message("duplicate-effective.rubric-has-two-versions.help")))
                } else { dates[d.meta.effective.value] = d }
            }
        }
        return out
    }
}
