import Foundation
import RubricEval
import RubricSyntax

/// `eval --format xlsx`: the scores as a workbook for the office's Excel. A
/// sheet per period (2024年第一季度...) with the rubric's category titles as
/// headers, ranks and numbers as numbers; the year with its grade; a sheet
/// of the accounting and the rules that scored; a sheet of the rejected
/// records. Words come from the message catalog; everything else is the
/// evaluation's, derived by nothing here.
public struct XLSXReport {
    let e: Evaluation
    let t: Labels

    public init(evaluation: Evaluation, labels: Labels) {
        e = evaluation
        t = labels
    }

    public func data() throws -> Data {
        var sheets = e.periods.map(sheet)
        sheets.append(accounting())
        sheets.append(rejects())
        return try XLSXWorkbook(sheets: sheets).data()
    }

    func sheet(_ p: PeriodScores) -> XLSXWorkbook.Sheet {
        let hasGroups = p.rows.contains { $0.group != nil }
        let hasGrades = p.rows.contains { $0.grade != nil }
        let hasVetoes = p.rows.contains { !$0.vetoedBy.isEmpty }
        var header = [t["col.rank"], t["col.unit"]] + (hasGroups ? [t["col.group"]] : [])
        header += p.isYear ? [t["col.combined"]] : p.categories.map(\.title)
        header += [t["adjustments"], t["col.total"]] + (hasGrades ? [t["col.grade"]] : []) + (hasVetoes ? [t["col.vetoedBy"]] : [])
        var rows: [[XLSXWorkbook.Cell]] = [header.map { .text($0) }]
        for r in p.rows {
            var row: [XLSXWorkbook.Cell] = [.number(String(r.rank)), .text(r.unit)]
            if hasGroups { row.append(.text(r.group ?? "")) }
            if p.isYear {
                // (Written with a local: `r.combined.map { ... } ?? .empty` crashes Swift 6.3.1's optimizer.)
                let combined: Fixed? = r.combined
                if let combined { row.append(.number(combined.description)) } else { row.append(.empty) }
            } else {
                for c in p.categories { row.append(r.categories.first { $0.id == c.id }.map { .number($0.score.description) } ?? .empty) }
            }
            row += [.number(r.adjustmentTotal.description), .number(r.total.description)]
            if hasGrades { row.append(.text(r.grade ?? "")) }
            if hasVetoes { row.append(.text(r.vetoedBy.joined(separator: ", "))) }
            rows.append(row)
        }
        return .init(name: t.period(p.period), rows: rows)
    }

    func accounting() -> XLSXWorkbook.Sheet {
        let a = e.accounting
        var rows: [[XLSXWorkbook.Cell]] = [[.text(t["col.item"]), .text(t["col.value"])]]
        if let asOf = e.asOf { rows.append([.text(t["asOf"]), .text(asOf.description)]) }
        for (key, n) in [("acc.read", a.read), ("acc.scored", a.scored), ("acc.rejected", a.rejected), ("acc.afterAsOf", a.afterAsOf)] {
            rows.append([.text(t[key]), .number(String(n))])
        }
        for v in e.versions {
            rows.append([.text(t["version"]), .text(v.version)])
            rows.append([.text(t["effective"]), .text(v.effective)])
            rows.append([.text(t["file"]), .text(([v.file] + v.extends.reversed()).joined(separator: " ← "))])
            rows.append([.text(t["sha256"]), .text(v.sha256)])
        }
        return .init(name: t["sheet.accounting"], rows: rows)
    }

    func rejects() -> XLSXWorkbook.Sheet {
        var rows: [[XLSXWorkbook.Cell]] = [[t["col.file"], t["col.line"], t["col.field"], t["col.reason"]].map { .text($0) }]
        for r in e.rejects { rows.append([.text(r.file), .number(String(r.line)), .text(r.field), .text(Catalog.messages(t.language).text(r.reason))]) }
        return .init(name: t["sheet.rejects"], rows: rows)
    }
}
