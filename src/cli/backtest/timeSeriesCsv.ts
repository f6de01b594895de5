import { UserError } from '../command';
import { parseTimestamp } from './timestampParse';
import { clipInput, quoteInput } from '../../engine/util/quote';
import { parseDecimal } from '../../engine/util/decimal';

/** A CSV time series as read from disk: rows in file order, plus the original timestamp text per row. */
export interface CsvTimeSeries {
  timestamps: Float64Array;
  values: Float64Array;
  timestampText: string[];
  valueText: string[];
}

/** Splits one CSV line, honouring double quotes ("" inside quotes is a quote). */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) {
    return line.split(',');
  }
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else {
      field += char;
    }
  }
  fields.push(field);
  return fields;
}

const MISSING = new Set(['', 'nan', 'null', 'na']);

/**
 * Parses a CSV whose header holds `timestamp` and `value` columns (any order, other columns ignored). An empty or
 * NaN value is a missing sample (kept, as NaN). Anything unreadable is a UserError naming `file` and the line.
 */
export function parseTimeSeriesCsv(text: string, file: string): CsvTimeSeries {
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  if (headerIndex < 0) {
    throw new UserError(`${file}: the file is empty; expected a header with "timestamp" and "value" columns`);
  }
  const header = splitCsvLine(lines[headerIndex].replace(/^\uFEFF/, '')).map((name) => name.trim().toLowerCase());
  const timestampColumn = header.indexOf('timestamp');
  const valueColumn = header.indexOf('value');
  if (timestampColumn < 0 || valueColumn < 0) {
    const missing = [timestampColumn < 0 ? '"timestamp"' : '', valueColumn < 0 ? '"value"' : '']
      .filter(Boolean)
      .join(' and ');
    throw new UserError(
      `${file}:${headerIndex + 1}: the header has no ${missing} column (found: ${clipInput(header.join(', '))})`
    );
  }
  const timestamps: number[] = [];
  const values: number[] = [];
  const timestampText: string[] = [];
  const valueText: string[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') {
      continue;
    }
    const fields = splitCsvLine(line);
    const where = `${file}:${i + 1}`;
    if (fields.length <= Math.max(timestampColumn, valueColumn)) {
      throw new UserError(`${where}: expected ${header.length} columns, found ${fields.length}`);
    }
    const rawTimestamp = fields[timestampColumn].trim();
    const timestamp = parseTimestamp(rawTimestamp);
    if (Number.isNaN(timestamp)) {
      throw new UserError(
        `${where}: cannot read timestamp ${quoteInput(rawTimestamp)} (use "2014-04-01 00:00:00", ISO 8601 or epoch seconds)`
      );
    }
    const rawValue = fields[valueColumn].trim();
    const value = MISSING.has(rawValue.toLowerCase()) ? NaN : parseDecimal(rawValue);
    if (value === null) {
      throw new UserError(`${where}: cannot read value ${quoteInput(rawValue)} as a decimal number`);
    }
    if (!Number.isFinite(value) && !Number.isNaN(value)) {
      throw new UserError(`${where}: value ${quoteInput(rawValue)} is not finite`);
    }
    timestamps.push(timestamp);
    values.push(value);
    timestampText.push(rawTimestamp);
    valueText.push(rawValue);
  }
  if (timestamps.length === 0) {
    throw new UserError(`${file}: no data rows after the header`);
  }
  return { timestamps: Float64Array.from(timestamps), values: Float64Array.from(values), timestampText, valueText };
}
