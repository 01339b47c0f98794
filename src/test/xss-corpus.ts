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
