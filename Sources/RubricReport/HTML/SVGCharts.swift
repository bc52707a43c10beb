import RubricSyntax

/// Inline SVG charts: no scripts, no fonts to fetch, printable.
enum SVGCharts {
    /// Horizontal bars of the totals, one per unit, in rank order; a marked
    /// unit (vetoed, in the lowest grade) has its bar coloured and the mark's
    /// words after its value, so that a black-and-white print still tells it.
    static func totals(_ rows: [(label: String, value: Fixed, link: String, mark: (cls: String, words: String)?)], title: String) -> String {
        let barHeight = 16, gap = 3, labelWidth = 190, barWidth = 420, valueWidth = 130
        let height = rows.count * (barHeight + gap) + gap
        let maxValue = max(rows.map(\.value.doubleValue).max() ?? 100, 100)
        var svg = "<svg class=\"chart\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\" viewBox=\"0 0 \(labelWidth + barWidth + valueWidth) \(height)\" "
            + "width=\"\(labelWidth + barWidth + valueWidth)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\">"
        for (i, r) in rows.enumerated() {
            let y = gap + i * (barHeight + gap)
            let w = max(1, Int(Double(barWidth) * max(r.value.doubleValue, 0) / maxValue))
            svg += "<a href=\"#\(r.link)\"><text x=\"\(labelWidth - 6)\" y=\"\(y + 12)\" text-anchor=\"end\" class=\"label\">\(HTMLText.escape(r.label))</text></a>"
            let cls = r.mark.map { "bar \($0.cls)" } ?? "bar"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(w)\" height=\"\(barHeight)\" class=\"\(cls)\"><title>\(HTMLText.escape(r.label)) \(r.value)</title></rect>"
            svg += "<text x=\"\(labelWidth + w + 4)\" y=\"\(y + 12)\" class=\"value\">\(r.value)</text>"
            if let m = r.mark {
                svg += "<text x=\"\(labelWidth + w + 8 + 7 * r.value.description.count)\" y=\"\(y + 12)\" class=\"mark\">\(HTMLText.escape(m.words))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// A unit's totals across periods, as small vertical bars.
    static func trend(_ points: [(label: String, value: Fixed)], title: String) -> String {
        let barWidth = 52, gap = 12, chartHeight = 90, top = 14, bottom = 18
        let width = points.count * (barWidth + gap) + gap
        let maxValue = max(points.map(\.value.doubleValue).max() ?? 100, 100)
        var svg = "<svg class=\"trend\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\" viewBox=\"0 0 \(width) \(chartHeight + top + bottom)\" "
            + "width=\"\(width)\" height=\"\(chartHeight + top + bottom)\" xmlns=\"http://www.w3.org/2000/svg\">"
        for (i, p) in points.enumerated() {
            let x = gap + i * (barWidth + gap)
            let h = max(1, Int(Double(chartHeight) * max(p.value.doubleValue, 0) / maxValue))
            svg += "<rect x=\"\(x)\" y=\"\(top + chartHeight - h)\" width=\"\(barWidth)\" height=\"\(h)\" class=\"bar\"><title>\(HTMLText.escape(p.label)) \(p.value)</title></rect>"
            svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(top + chartHeight - h - 3)\" text-anchor=\"middle\" class=\"value\">\(p.value)</text>"
            svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(top + chartHeight + 13)\" text-anchor=\"middle\" class=\"label\">\(HTMLText.escape(p.label))</text>"
        }
        return svg + "</svg>"
    }
}
