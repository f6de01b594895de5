import { clipInput, quoteInput } from './quote';

describe('quoteInput', () => {
  it('quotes short text whole and cuts long text, saying how long it was', () => {
    expect(quoteInput('a"b\nc')).toBe('"a\\"b\\nc"');
    const long = 'x'.repeat(5000);
    expect(quoteInput(long)).toBe(`"${'x'.repeat(80)}"… (5000 characters)`);
  });
});

describe('clipInput', () => {
  it('keeps short text and cuts long text, saying how long it was', () => {
    expect(clipInput('{"a":"b"}')).toBe('{"a":"b"}');
    expect(clipInput('y'.repeat(300), 10)).toBe('yyyyyyyyyy… (300 characters)');
  });
});
