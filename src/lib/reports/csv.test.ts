import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { csvCell, toCsv } from "./csv";

/** Cells of CSV text (RFC 4180), to check what a spreadsheet would read back. */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  return rows;
}

const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

describe("csvCell", () => {
  it("a customer named =HYPERLINK(…) opens as text: apostrophe first, quoted for its quotes and comma", () => {
    expect(csvCell('=HYPERLINK("http://x","x")')).toBe(`"'=HYPERLINK(""http://x"",""x"")"`);
    expect(toCsv([["Customer"], ['=HYPERLINK("http://x","x")']])).toBe(`Customer\r\n"'=HYPERLINK(""http://x"",""x"")"\r\n`);
  });

  it.each([
    ["=1+1", "'=1+1"],
    ["+SUM(A1)", "'+SUM(A1)"],
    ["-2+3", "'-2+3"],
    ["@cmd", "'@cmd"],
    ["\tTabbed", "'\tTabbed"],
    ["\rCarriage", `"'\rCarriage"`],
    ["=A1,B1", `"'=A1,B1"`],
    ["-", "'-"],
    ["--5", "'--5"],
    ["-12.5e3", "'-12.5e3"],
  ])("%j is neutralised as %j", (input, output) => {
    expect(csvCell(input)).toBe(output);
  });

  it("plain numbers, written as text or as numbers, stay numbers", () => {
    expect(csvCell("-12.50")).toBe("-12.50");
    expect(csvCell("12.50")).toBe("12.50");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(0)).toBe("0");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe("");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
  });

  it("quotes what needs quoting: commas, quotes, line breaks, surrounding spaces", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(" padded ")).toBe('" padded "');
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("O'Brien")).toBe("O'Brien");
  });

  it("any text reads back as itself (or with one apostrophe in front), and never as a formula (property)", () => {
    const text = fc.oneof(
      fc.string({ unit: fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", ",", '"', "'", " ", "a", "1", ".") }),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), (rows) => {
        const back = parse(toCsv(rows));
        expect(back).toHaveLength(rows.length);
        back.forEach((row, r) =>
          row.forEach((cell, c) => {
            const original = rows[r]![c]!;
            expect(cell === original || cell === `'${original}`).toBe(true);
            expect(FORMULA.test(cell) && !NUMBER.test(cell)).toBe(false);
            if (FORMULA.test(original) && !NUMBER.test(original)) expect(cell).toBe(`'${original}`);
          }),
        );
      }),
      { numRuns: 300 },
    );
  });
});
