// Splitting evaluation data files into rows of fields. Two dialects:
//  - 'tsv': one row per line, fields split on every tab, NO quoting (the STS benchmark's own
//    format: its sentences contain bare quote characters that a CSV reader would swallow).
//  - 'csv': RFC 4180: comma-separated, fields may be "quoted", "" is a quote inside a quoted field,
//    quoted fields may span lines (what Python's csv module and spreadsheets write).
// Both accept \n and \r\n line ends and skip empty lines.
import { ConfigError } from '../errors.js';

export type Dialect = 'tsv' | 'csv';

/** A row with its 1-based line number in the file, for error messages. */
export interface Row {
  line: number;
  fields: string[];
}

/** 'csv' for *.csv, else 'tsv'. (STSb's *.csv files are really tab-separated: parseStsBenchmark always reads them as 'tsv'.) */
export function dialectFromPath(path: string): Dialect {
  return /\.csv$/i.test(path) ? 'csv' : 'tsv';
}

export function splitRows(text: string, dialect: Dialect, file: string): Row[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text; // a UTF-8 byte order mark is not data
  return dialect === 'tsv' ? splitTsv(body) : splitCsv(body, file);
}

function splitTsv(text: string): Row[] {
  const rows: Row[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line !== '') rows.push({ line: i + 1, fields: line.split('\t') });
  });
  return rows;
}

function splitCsv(text: string, file: string): Row[] {
  const rows: Row[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let quoted = false; // inside a quoted field
  let i = 0;
  const endRow = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += c;
    i++;
  }
  if (quoted) throw new ConfigError(file, `line ${rowLine}`, 'has a quoted field that is never closed');
  if (field !== '' || fields.length > 0) endRow();
  return rows;
}
