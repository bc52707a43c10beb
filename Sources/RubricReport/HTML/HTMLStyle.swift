/// The report's stylesheet: readable on a laptop, sober when printed.
enum HTMLStyle {
    static let css = """
    :root { --ink: #1d2733; --muted: #5b6673; --line: #d9dee4; --accent: #2f5d8a; --bad: #a23b2a; --good: #2d7a46; }
    * { box-sizing: border-box; }
    body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", system-ui, sans-serif;
           color: var(--ink); margin: 0 auto; max-width: 1080px; padding: 24px 28px 60px; line-height: 1.5; font-size: 15px; }
    h1 { font-size: 26px; margin: 0 0 4px; }
    h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
    h3 { font-size: 17px; margin: 28px 0 6px; }
    h4 { font-size: 15px; margin: 16px 0 4px; color: var(--accent); }
    .meta { color: var(--muted); font-size: 13px; }
    .meta dt { display: inline; font-weight: 600; } .meta dd { display: inline; margin: 0 16px 0 4px; }
    .hash { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; overflow-wrap: anywhere; }
    nav { margin: 14px 0; font-size: 14px; } nav a { margin-right: 12px; }
    a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
    table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 14px; }
    th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
    th { background: #f3f5f8; font-weight: 600; white-space: nowrap; }
    th.cat { white-space: normal; min-width: 5.5em; max-width: 9em; font-weight: 500; font-size: 13px; }
    td.unit { white-space: nowrap; }
    table.detail td:first-child { width: 34%; } table.detail td.events { font-size: 13px; color: var(--muted); }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    tr.subtotal td { font-weight: 600; background: #fafbfc; }
    .neg { color: var(--bad); } .pos { color: var(--good); }
    .chart, .trend { max-width: 100%; height: auto; display: block; margin: 8px 0; }
    .chart .bar, .trend .bar { fill: var(--accent); } .chart .label, .trend .label { font-size: 12px; fill: var(--ink); }
    .chart .value, .trend .value { font-size: 11px; fill: var(--muted); }
    .unit { border-top: 1px solid var(--line); margin-top: 24px; }
    .note { color: var(--muted); font-size: 13px; }
    .table-wrap { overflow-x: auto; }
    @media print {
      body { max-width: none; padding: 0; font-size: 11pt; }
      nav, .top { display: none; }
      h2 { break-before: page; } h2:first-of-type { break-before: avoid; }
      .unit { break-inside: avoid-page; }
      a { color: inherit; }
      .chart .bar, .trend .bar { fill: #555; }
      th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """
}
