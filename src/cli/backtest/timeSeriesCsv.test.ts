import { UserError } from '../command';
import { parseTimeSeriesCsv, splitCsvLine } from './timeSeriesCsv';
import { parseTimestamp } from './timestampParse';

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('parseTimestamp', () => {
  it('reads NAB timestamps as UTC', () => {
    expect(parseTimestamp('2014-04-01 00:00:00')).toBe(Date.UTC(2014, 3, 1));
    expect(parseTimestamp('2011-07-11 04:00:01.000000')).toBe(Date.UTC(2011, 6, 11, 4, 0, 1));
  });

  it('reads ISO 8601 with and without a zone, and epoch seconds or milliseconds', () => {
    expect(parseTimestamp('2014-04-01T02:00:00+02:00')).toBe(Date.UTC(2014, 3, 1));
    expect(parseTimestamp('2014-04-01T00:00:00.250Z')).toBe(Date.UTC(2014, 3, 1) + 250);
    expect(parseTimestamp('1396310400')).toBe(Date.UTC(2014, 3, 1));
    expect(parseTimestamp('1396310400.5')).toBe(Date.UTC(2014, 3, 1) + 500);
    expect(parseTimestamp('1396310400000')).toBe(Date.UTC(2014, 3, 1));
  });

  it('reads a zone of hours alone, as ISO 8601 allows', () => {
    expect(parseTimestamp('2024-01-01 05:00:00+05')).toBe(Date.UTC(2024, 0, 1));
    expect(parseTimestamp('2024-01-01T00:00:00-03')).toBe(Date.UTC(2024, 0, 1, 3));
    expect(parseTimestamp('2024-01-01 05:30:00 +0530')).toBe(Date.UTC(2024, 0, 1));
  });

  it('rejects what is not a time', () => {
    expect(parseTimestamp('yesterday')).toBeNaN();
    expect(parseTimestamp('2014-13-01 00:00:00')).toBeNaN();
  });

  it('rejects a date that does not exist rather than rolling it over into the next month or year', () => {
    for (const text of ['2024-00-10 00:00:00', '2024-02-30 00:00:00', '2023-02-29', '2024-04-31T00:00:00Z']) {
      expect(parseTimestamp(text)).toBeNaN();
    }
    expect(parseTimestamp('2024-02-29 12:00:00')).toBe(Date.UTC(2024, 1, 29, 12));
    expect(parseTimestamp('2024-12-31')).toBe(Date.UTC(2024, 11, 31));
  });
});

describe('parseTimeSeriesCsv', () => {
  it('reads the columns by name, in any order, keeping missing values as NaN', () => {
    const series = parseTimeSeriesCsv(
      'value,host,timestamp\n1.5,a,2014-04-01 00:00:00\n,b,2014-04-01 00:05:00\nNaN,c,1396311000\n',
      'x.csv'
    );
    expect(Array.from(series.values)).toEqual([1.5, NaN, NaN]);
    expect(Array.from(series.timestamps)).toEqual([
      Date.UTC(2014, 3, 1),
      Date.UTC(2014, 3, 1, 0, 5),
      Date.UTC(2014, 3, 1, 0, 10),
    ]);
    expect(series.timestampText[0]).toBe('2014-04-01 00:00:00');
  });

  it('names the file and line of an unreadable timestamp', () => {
    const error = errorOf(() =>
      parseTimeSeriesCsv('timestamp,value\n2014-04-01 00:00:00,1\nnot a time,2\n', 'data.csv')
    );
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(/^data\.csv:3: cannot read timestamp "not a time"/);
    const feb31 = errorOf(() =>
      parseTimeSeriesCsv('timestamp,value\n2024-02-28 00:00:00,1\n2024-02-31 00:00:00,2\n', 'feb.csv')
    );
    expect(feb31.message).toMatch(/^feb\.csv:3: cannot read timestamp "2024-02-31 00:00:00"/);
  });

  it('names the file and line of an unreadable value', () => {
    expect(
      errorOf(() =>
        parseTimeSeriesCsv('timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,12abc\n', 'data.csv')
      ).message
    ).toMatch(/^data\.csv:3: cannot read value "12abc"/);
  });

  it('takes hex, binary or octal numbers for no value', () => {
    for (const text of ['0x1A', '0b101', '0o17']) {
      expect(
        errorOf(() => parseTimeSeriesCsv(`timestamp,value\n2014-04-01 00:00:00,${text}\n`, 'data.csv')).message
      ).toBe(`data.csv:2: cannot read value "${text}" as a decimal number`);
    }
  });

  it('quotes at most 80 characters of a bad field, saying how long it was', () => {
    const huge = `9${'z'.repeat(100_000)}`;
    const message = errorOf(() =>
      parseTimeSeriesCsv(`timestamp,value\n2014-04-01 00:00:00,${huge}\n`, 'data.csv')
    ).message;
    expect(message).toBe(
      `data.csv:2: cannot read value "${huge.slice(0, 80)}"… (100001 characters) as a decimal number`
    );
    const timestamp = errorOf(() => parseTimeSeriesCsv(`timestamp,value\n${huge},1\n`, 'data.csv')).message;
    expect(timestamp.length).toBeLessThan(200);
  });

  it('names the file and line of a short row and of a header without the columns', () => {
    expect(errorOf(() => parseTimeSeriesCsv('timestamp,value\n2014-04-01 00:00:00\n', 'd.csv')).message).toMatch(
      /^d\.csv:2: expected 2 columns, found 1/
    );
    expect(errorOf(() => parseTimeSeriesCsv('time,val\n1,2\n', 'd.csv')).message).toBe(
      'd.csv:1: the header has no "timestamp" and "value" column (found: time, val)'
    );
    expect(errorOf(() => parseTimeSeriesCsv('', 'd.csv')).message).toMatch(/^d\.csv: the file is empty/);
  });

  it('splits quoted fields', () => {
    expect(splitCsvLine('"a,b",2,"say ""hi"""')).toEqual(['a,b', '2', 'say "hi"']);
  });
});
