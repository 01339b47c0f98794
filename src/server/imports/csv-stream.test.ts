import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readCsvRecords, utf8Length, type CsvInput, type CsvRecord } from "./csv-stream";

async function records(input: CsvInput, options?: { maxRecordChars?: number }): Promise<CsvRecord[]> {
  const all: CsvRecord[] = [];
  for await (const chunk of readCsvRecords(input, options)) all.push(...chunk.records);
  return all;
}

const summary = (all: CsvRecord[]) => all.map((r) => ({ line: r.line, endLine: r.endLine, fields: r.fields, problem: r.problem }));

/** Byte pieces of `size` bytes: splits CRLF pairs, multi-byte characters and the BOM. */
function bytePieces(text: string, size: number): AsyncIterable<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return (async function* () {
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  })();
}

describe("readCsvRecords", () => {
  it("numbers each record by the physical line it starts on, counting line breaks inside quotes", async () => {
    const text = 'a,b\n"x\ny\nz",1\nplain,2\n"q ""quoted"", with comma","3\n"\nlast,4\n';
    expect(summary(await records(text))).toEqual([
      { line: 1, endLine: 1, fields: ["a", "b"], problem: null },
      { line: 2, endLine: 4, fields: ["x\ny\nz", "1"], problem: null },
      { line: 5, endLine: 5, fields: ["plain", "2"], problem: null },
      { line: 6, endLine: 7, fields: ['q "quoted", with comma', "3\n"], problem: null },
      { line: 8, endLine: 8, fields: ["last", "4"], problem: null },
    ]);
  });

  it("treats CRLF, LF and a lone CR each as one line break, inside quotes too", async () => {
    const text = 'a,b\r\n"x\r\ny",1\rblank,\n\r\nend,2';
    expect(summary(await records(text))).toEqual([
      { line: 1, endLine: 1, fields: ["a", "b"], problem: null },
      { line: 2, endLine: 3, fields: ["x\ny", "1"], problem: null },
      { line: 4, endLine: 4, fields: ["blank", ""], problem: null },
      { line: 5, endLine: 5, fields: [""], problem: null },
      { line: 6, endLine: 6, fields: ["end", "2"], problem: null },
    ]);
  });

  it("reads the same records whatever the chunking, BOM and multi-byte characters included", async () => {
    const text = '\uFEFFName,Note\r\n#1,"Café 東京 🚚,\r\nzweite Zeile"\r\n#2,ü\r\n';
    const expected = [
      { line: 1, endLine: 1, fields: ["Name", "Note"], problem: null },
      { line: 2, endLine: 3, fields: ["#1", "Café 東京 🚚,\nzweite Zeile"], problem: null },
      { line: 4, endLine: 4, fields: ["#2", "ü"], problem: null },
    ];
    expect(summary(await records(text))).toEqual(expected);
    for (const size of [1, 2, 3, 5, 7, 64]) {
      expect(summary(await records(bytePieces(text, size)))).toEqual(expected);
    }
    expect(summary(await records(Readable.from([Buffer.from(text)])))).toEqual(expected);
    expect(summary(await records(new TextEncoder().encode(text)))).toEqual(expected);
    const web = new Blob([text]).stream();
    expect(summary(await records(web))).toEqual(expected);
    const stringPieces = (async function* () {
      for (let at = 0; at < text.length; at += 3) yield text.slice(at, at + 3);
    })();
    expect(summary(await records(stringPieces))).toEqual(expected);
  });

  it("counts the bytes read, whatever the input type", async () => {
    const text = "a,b\nü,🚚\n";
    const expected = Buffer.byteLength(text);
    expect(utf8Length(text)).toBe(expected);
    for (const input of [text, bytePieces(text, 2), Buffer.from(text)] as CsvInput[]) {
      let bytes = 0;
      for await (const chunk of readCsvRecords(input)) bytes = chunk.bytesRead;
      expect(bytes).toBe(expected);
    }
  });

  it("flags a quoted field that never closes, and marks the record that ends the file", async () => {
    const all = await records('a,b\n1,2\n3,"cut off\nhere');
    expect(summary(all).slice(2)).toEqual([{ line: 3, endLine: 4, fields: ["3", "cut off\nhere"], problem: "unterminated_quote" }]);
    expect(all.map((r) => r.endsFile)).toEqual([false, false, true]);
    const complete = await records("a,b\n1,2");
    expect(complete.map((r) => r.endsFile)).toEqual([false, true]);
    expect((await records("a,b\n1,2\n")).map((r) => r.endsFile)).toEqual([false, false]);
  });

  it("flags a malformed closing quote, and keeps counting lines after it", async () => {
    // Papaparse keeps looking for a proper closing quote, so the damage spans lines 2–3.
    const all = await records('a,b\n"1"x,2\n"3",4\nnext,5\n');
    expect(summary(all).slice(1)).toEqual([
      { line: 2, endLine: 3, fields: ['1"x,2\n"3', "4"], problem: "malformed_quote" },
      { line: 4, endLine: 4, fields: ["next", "5"], problem: null },
    ]);
    // With no proper closing quote at all, the rest of the file is one unterminated field.
    expect((await records('a,b\n"1"x,2\n'))[1]?.problem).toBe("unterminated_quote");
  });

  it("stops with a too_long record when a stray quote swallows the rest of the file", async () => {
    const body = Array.from({ length: 5000 }, (_, i) => `${i},row`).join("\n");
    const all = await records(`a,b\n1,"stray\n${body}\n`, { maxRecordChars: 1000 });
    expect(all.at(-1)).toMatchObject({ line: 2, problem: "too_long" });
  });

  it("reads an empty input as no records", async () => {
    expect(await records("")).toEqual([]);
    expect(await records("\uFEFF")).toEqual([]);
  });
});
