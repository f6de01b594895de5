import { progressBar } from './progressBar';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  const stream = {
    isTTY,
    columns: 60,
    write: (text: string) => written.push(text) > 0,
  } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('progressBar', () => {
  it('draws a bar on one line of a terminal and clears it when done', () => {
    const { stream, written } = fakeStream(true);
    const bar = progressBar(stream, 'backtest');
    bar.update(1, 4, 'a.csv');
    bar.done();
    expect(written[0]).toMatch(/^\rbacktest \[#{8}-{22}\] 1\/4 a\.csv/);
    expect(written[0]).toHaveLength(60);
    expect(written[1].trim()).toBe('');
  });

  it('stays silent when stderr is not a terminal', () => {
    const { stream, written } = fakeStream(false);
    const bar = progressBar(stream, 'backtest');
    bar.update(1, 4, 'a.csv');
    bar.done();
    expect(written).toEqual([]);
  });
});
