import React, { useState } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { testIds } from '../testIds';
import { DaysField, parseDays } from './DaysField';

/** The field as the editor holds it: the form's last valid days, and the error while the text is not days. */
function Editor({ onDays }: { onDays: (days: number) => void }) {
  const [days, setDays] = useState(7);
  const [error, setError] = useState<string>();
  return (
    <DaysField
      days={days}
      error={error}
      onChange={(change) => {
        if ('days' in change) {
          setDays(change.days);
          setError(undefined);
          onDays(change.days);
        } else {
          setError(change.error);
        }
      }}
    />
  );
}

const type = (text: string) =>
  fireEvent.change(screen.getByTestId(testIds.editor.previewDays), { target: { value: text } });

describe('DaysField', () => {
  it('can be cleared and retyped: clearing leaves it empty and shown invalid, "14" gives 14 days', () => {
    const onDays = jest.fn();
    render(<Editor onDays={onDays} />);
    type('');
    expect(screen.getByTestId(testIds.editor.previewDays)).toHaveValue(null);
    expect(screen.getByText('Days of history: a whole number from 1 to 30')).toBeInTheDocument();
    expect(onDays).not.toHaveBeenCalled();
    type('1');
    type('14');
    expect(screen.getByTestId(testIds.editor.previewDays)).toHaveValue(14);
    expect(onDays).toHaveBeenLastCalledWith(14);
    expect(screen.queryByText(/a whole number from 1 to 30/)).toBeNull();
  });

  it('shows an out-of-range value as typed, invalid, and keeps the last valid days', () => {
    const onDays = jest.fn();
    render(<Editor onDays={onDays} />);
    type('45');
    expect(screen.getByTestId(testIds.editor.previewDays)).toHaveValue(45);
    expect(screen.getByText('Days of history: a whole number from 1 to 30')).toBeInTheDocument();
    expect(onDays).not.toHaveBeenCalled();
  });

  it('reads whole numbers from 1 to 30 only', () => {
    expect(parseDays('30')).toEqual({ days: 30 });
    expect(parseDays(' 1 ')).toEqual({ days: 1 });
    for (const text of ['', '0', '31', '2.5', 'abc']) {
      expect(parseDays(text)).toHaveProperty('error');
    }
  });
});
