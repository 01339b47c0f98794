import Papa from "papaparse";

/**
 * Streams a CSV file as records that know the physical lines they came from.
 *
 * Papaparse's own streaming front ends are not used: `Papa.parse(stream)` decodes each Buffer
 * chunk on its own (a UTF-8 character split across two chunks turns into garbage) and its Node
 * duplex drops the quote errors. Its core parser is driven here instead, one chunk at a time, after
 * decoding with a streaming TextDecoder (which also drops a UTF-8 BOM) and turning CRLF and lone CR
 * into LF — so a physical line break is exactly one "\n", inside quoted fields too, and a record's
 * line span is 1 + the line breaks inside its fields.
 */

export type CsvInput =
  | string
  | Uint8Array
  | NodeJS.ReadableStream
  | ReadableStream<Uint8Array>
  | AsyncIterable<string | Uint8Array>;

/**
 * - `unterminated_quote`: a quoted field never closes (typically a file cut off mid-row).
 * - `malformed_quote`: a closing quote is followed by something other than a comma or line end.
 * - `too_long`: the record grew past the size limit — almost always a stray quote swallowing the
 *   rest of the file; reading stops there.
 */
export type CsvRecordProblem = "unterminated_quote" | "malformed_quote" | "too_long";

export type CsvRecord = {
  /** Physical line (1-based) where the record starts. */
  line: number;
  /** Physical line where it ends; more than `line` when quoted fields hold line breaks. */
  endLine: number;
  fields: string[];
  problem: CsvRecordProblem | null;
  /** The record is the last one and no line break follows it. */
  endsFile: boolean;
};

export type CsvRecordChunk = { records: CsvRecord[]; bytesRead: number };

/** Text handed to the parser at a time; also the granularity of progress reports. */
const PARSE_CHUNK_CHARS = 1 << 20;
/** A real order row is a few kilobytes at most; past this (in characters of its fields) a quote has surely gone astray. */
const DEFAULT_MAX_RECORD_CHARS = 1 << 20;

interface PapaChunkResult {
  data: string[][];
  errors: { code: string; row?: number }[];
  meta: { cursor: number };
}

export async function* readCsvRecords(
  input: CsvInput,
  options: { maxRecordChars?: number } = {},
): AsyncGenerator<CsvRecordChunk, void, undefined> {
  const maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  const parser = new Papa.Parser({ delimiter: ",", newline: "\n", quoteChar: '"' });
  let carry = "";
  let nextLine = 1;
  let bytesRead = 0;

  const toRecords = (result: PapaChunkResult, atEnd: boolean): CsvRecord[] => {
    const problems = new Map<number, CsvRecordProblem>();
    for (const error of result.errors) {
      // Errors about the unfinished last row belong to a row that is parsed again with more text.
      if (error.row === undefined || error.row >= result.data.length) continue;
      if (error.code === "MissingQuotes") problems.set(error.row, "unterminated_quote");
      else if (error.code === "InvalidQuotes" && !problems.has(error.row)) problems.set(error.row, "malformed_quote");
    }
    return result.data.map((fields, index) => {
      const breaks = countLineBreaks(fields);
      const record: CsvRecord = {
        line: nextLine,
        endLine: nextLine + breaks,
        fields,
        problem: problems.get(index) ?? null,
        endsFile: atEnd && index === result.data.length - 1,
      };
      nextLine += breaks + 1;
      return record;
    });
  };

  /**
   * A record is too long by the size of its fields, wherever the chunks of the upload fall: the
   * first one past the limit becomes a `too_long` record, and reading stops there.
   */
  const upToTooLong = (records: CsvRecord[]): { records: CsvRecord[]; stop: boolean } => {
    const at = records.findIndex((record) => recordChars(record) > maxRecordChars);
    if (at === -1) return { records, stop: false };
    const { line } = records[at]!;
    return { records: [...records.slice(0, at), { line, endLine: line, fields: [], problem: "too_long", endsFile: false }], stop: true };
  };

  for await (const chunk of parseableChunks(input)) {
    bytesRead += chunk.bytes;
    const text = carry + chunk.text;
    const result = parser.parse(text, 0, true) as PapaChunkResult;
    carry = text.slice(result.meta.cursor);
    const read = upToTooLong(toRecords(result, false));
    // An unfinished record's text is at most 3 × its fields' size plus 2 (quotes, doubled quotes,
    // commas), so past that its fields are surely over the limit: stop without reading further.
    if (!read.stop && carry.length > 3 * maxRecordChars + 2) {
      read.records.push({ line: nextLine, endLine: nextLine, fields: [], problem: "too_long", endsFile: false });
      read.stop = true;
    }
    yield { records: read.records, bytesRead };
    if (read.stop) return;
  }
  // What is left is the last row, without a line break after it (or inside an open quote).
  if (carry !== "") yield { records: upToTooLong(toRecords(parser.parse(carry, 0, false) as PapaChunkResult, true)).records, bytesRead };
}

/** The characters of a record's fields and the commas between them. */
function recordChars(record: CsvRecord): number {
  return record.fields.reduce((sum, field) => sum + field.length, Math.max(0, record.fields.length - 1));
}

function countLineBreaks(fields: string[]): number {
  let count = 0;
  for (const field of fields) {
    for (let at = field.indexOf("\n"); at !== -1; at = field.indexOf("\n", at + 1)) count++;
  }
  return count;
}

type TextChunk = { text: string; bytes: number };

/** Decoded text in chunks of about PARSE_CHUNK_CHARS, BOM removed, line breaks made "\n". */
async function* parseableChunks(input: CsvInput): AsyncGenerator<TextChunk, void, undefined> {
  let parts: string[] = [];
  let size = 0;
  let bytes = 0;
  let first = true;
  let pendingCarriageReturn = false;

  const flush = (atEnd: boolean): TextChunk => {
    let text = (pendingCarriageReturn ? "\r" : "") + parts.join("");
    pendingCarriageReturn = false;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    // A CR at the end may be the first half of a CRLF that the next chunk completes.
    if (!atEnd && text.endsWith("\r")) {
      text = text.slice(0, -1);
      pendingCarriageReturn = true;
    }
    if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
    const chunk = { text, bytes };
    parts = [];
    size = 0;
    bytes = 0;
    return chunk;
  };

  for await (const piece of decodedPieces(input)) {
    parts.push(piece.text);
    size += piece.text.length;
    bytes += piece.bytes;
    if (size >= PARSE_CHUNK_CHARS) yield flush(false);
  }
  if (size > 0 || bytes > 0 || pendingCarriageReturn) yield flush(true);
}

async function* decodedPieces(input: CsvInput): AsyncGenerator<TextChunk, void, undefined> {
  if (typeof input === "string") {
    for (let start = 0; start < input.length; ) {
      let end = Math.min(start + PARSE_CHUNK_CHARS, input.length);
      // Keep a surrogate pair together so that byte counts stay exact.
      if (end < input.length && isHighSurrogate(input.charCodeAt(end - 1))) end++;
      const text = input.slice(start, end);
      yield { text, bytes: utf8Length(text) };
      start = end;
    }
    return;
  }
  const decoder = new TextDecoder("utf-8");
  for await (const piece of rawPieces(input)) {
    if (typeof piece === "string") yield { text: piece, bytes: utf8Length(piece) };
    else yield { text: decoder.decode(piece, { stream: true }), bytes: piece.byteLength };
  }
  const tail = decoder.decode();
  if (tail !== "") yield { text: tail, bytes: 0 };
}

function rawPieces(input: Exclude<CsvInput, string>): AsyncIterable<string | Uint8Array> {
  if (input instanceof Uint8Array) return singlePiece(input);
  if (isWebReadableStream(input)) return webStreamPieces(input);
  return input as AsyncIterable<string | Uint8Array>;
}

async function* singlePiece(bytes: Uint8Array): AsyncGenerator<Uint8Array, void, undefined> {
  yield bytes;
}

function isWebReadableStream(input: object): input is ReadableStream<Uint8Array> {
  return typeof (input as { getReader?: unknown }).getReader === "function";
}

async function* webStreamPieces(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    // Stopping early (a fatal error in the file) releases the upload instead of leaving it half read.
    if (!done) await reader.cancel();
    reader.releaseLock();
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (isHighSurrogate(code) && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
