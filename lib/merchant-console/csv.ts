import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | boolean | null;

/**
 * CSV lines as RFC 4180 writes them (CRLF; a cell with a comma, quote or line break quoted, its
 * quotes doubled). A text cell that a spreadsheet would run as a formula (= + - @, tab, CR) gets a
 * leading apostrophe: shoppers type their own names, and an export must not become a macro.
 */
export function csvLines(rows: CsvCell[][]): string {
  return stringify(rows, { record_delimiter: "windows", quoted_match: /[\r\n]/, escape_formulas: true, cast: { boolean: (value) => (value ? "true" : "false") } });
}
