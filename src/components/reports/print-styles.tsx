/**
 * The report on paper: one landscape page (A4 or Letter), without the app's sidebar, top bar, controls or buttons.
 * Tailwind's `print:` variants shape the report itself; this block reaches the app shell around it,
 * which only the report page wants hidden. Charts redraw at their print size (use-printing.ts) and,
 * being SVG with a viewBox, scale to whatever width the paper leaves their column.
 */
const PRINT_CSS = `
@media print {
  @page { size: landscape; margin: 8mm; }
  html, body { background: #fff !important; }
  [data-testid="sidebar"], [data-testid="mobile-topbar"], a[href="#main"], ol[aria-label="Notifications"] { display: none !important; }
  div:has(> #main) { padding-left: 0 !important; min-height: 0 !important; }
  #loss-report { max-width: none !important; padding: 0 !important; zoom: 0.64; }
  #loss-report section, #loss-report .shadow-xs { box-shadow: none !important; }
  #loss-report [data-chart-plot] { height: auto !important; }
  #loss-report .recharts-wrapper, #loss-report .recharts-surface { width: 100% !important; height: auto !important; }
  #loss-report a { color: inherit !important; text-decoration: none !important; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

export function ReportPrintStyles() {
  return <style>{PRINT_CSS}</style>;
}
