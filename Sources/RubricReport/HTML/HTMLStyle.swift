import RubricSyntax

/// The report's stylesheet: readable on a laptop, and printed as an office
/// hands it out: A4, each period from the top of a page with its table whole
/// (a rubric of many categories on a landscape page), the rubric's title and
/// page numbers on every page, the units' details compact.
enum HTMLStyle {
    /// A table with more categories than this is printed on a landscape page.
    static let portraitCategories = 6

    static func css(title: String, pageWords: String) -> String {
        """
        :root { --ink: #1d2733; --muted: #5b6673; --line: #d9dee4; --accent: #2f5d8a; --bad: #a23b2a; --good: #2d7a46; --warn: #b7791f; }
        * { box-sizing: border-box; }
        body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", system-ui, sans-serif;
               color: var(--ink); margin: 0 auto; max-width: 1080px; padding: 24px 28px 60px; line-height: 1.5; font-size: 15px; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
        h3 { font-size: 17px; margin: 28px 0 6px; }
        .meta { color: var(--muted); font-size: 13px; margin: 2px 0; }
        .meta dt { display: inline; font-weight: 600; } .meta dd { display: inline; margin: 0 16px 0 4px; }
        .hash { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 11px; overflow-wrap: anywhere; }
        nav { margin: 14px 0; font-size: 14px; } nav a { margin-right: 12px; }
        a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 14px; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: #f3f5f8; font-weight: 600; white-space: nowrap; vertical-align: bottom; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        th.num.cat { white-space: normal; word-break: keep-all; min-width: 4.5em; max-width: 8em; font-weight: 500; font-size: 13px; line-height: 1.35; }
        td.unit { white-space: nowrap; }
        tr.vetoed td { background: #fbeeec; } tr.failing td { background: #fdf6e7; }
        table.detail td:first-child { width: 36%; } table.detail td.events { font-size: 13px; color: var(--muted); }
        tr.subtotal td { font-weight: 600; background: #fafbfc; }
        tr.when td { font-weight: 600; background: #f3f5f8; border-top: 1px solid var(--line); }
        .neg { color: var(--bad); } .pos { color: var(--good); }
        .chart, .trend { max-width: 100%; height: auto; display: block; margin: 8px 0; }
        .chart .bar, .trend .bar { fill: var(--accent); } .chart .label, .trend .label { font-size: 12px; fill: var(--ink); }
        .chart .bar.vetoed { fill: var(--bad); } .chart .bar.failing { fill: var(--warn); }
        .chart .value, .trend .value { font-size: 11px; fill: var(--muted); } .chart .mark { font-size: 11px; font-weight: 600; fill: var(--bad); }
        .legend { font-size: 13px; color: var(--muted); } .legend .vetoed { color: var(--bad); } .legend .failing { color: var(--warn); }
        .unit { border-top: 1px solid var(--line); margin-top: 24px; }
        .note { color: var(--muted); font-size: 13px; }
        .table-wrap { overflow-x: auto; }
        footer { margin-top: 32px; }
        @page { size: A4; margin: 16mm 12mm 16mm 12mm;
                @top-left { content: \(Quoting.cssString(title)); font-size: 8pt; color: #5b6673; }
                @bottom-center { content: \(pageWords); font-size: 8pt; color: #5b6673; } }
        @page wide { size: A4 landscape; }
        @media print {
          body { max-width: none; padding: 0; font-size: 10pt; }
          nav, .top, .trend { display: none; }
          .table-wrap { overflow: visible; }
          h1 { font-size: 18pt; } h2 { font-size: 14pt; margin: 0 0 6px; } h3 { font-size: 12pt; margin: 12px 0 4px; }
          h2, h3, tr.when { break-after: avoid-page; }
          section.period { break-before: page; } main > section.period:first-of-type { break-before: auto; }
          section.period.wide { page: wide; }
          #units { break-before: page; }
          table { font-size: 9pt; margin: 4px 0 8px; line-height: 1.3; } th, td { padding: 1px 5px; } th.num.cat { font-size: 8.5pt; }
          header .meta { margin: 0; } header h1 + .meta { margin-bottom: 4px; }
          table.detail td.events { font-size: 8.5pt; }
          tr { break-inside: avoid; }
          .chart { break-inside: avoid; max-height: 245mm; width: auto; }
          .unit { margin-top: 10px; }
          a { color: inherit; }
          th, tr.vetoed td, tr.failing td, tr.when td, .chart { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        """
    }
}
