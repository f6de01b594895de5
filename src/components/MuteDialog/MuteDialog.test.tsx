import React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { testIds } from '../testIds';
import { MuteDialog } from './MuteDialog';

const created: Array<{ resolve: (id: string) => void }> = [];

jest.mock('../../utils/api/appSettings', () => ({
  loadAppSettings: async () => ({ alertmanagerUid: 'alertmanager' }),
}));
jest.mock('../../utils/api/grafanaClients', () => ({
  alertmanagerViaGrafana: () => ({
    createSilence: () => new Promise<string>((resolve) => created.push({ resolve })),
  }),
}));

describe('MuteDialog', () => {
  it('cannot be cancelled or closed while Alertmanager has not answered, then reports the silence', async () => {
    const onDismiss = jest.fn();
    const onMuted = jest.fn();
    render(<MuteDialog seriesLabels={{ instance: 'web-1' }} onDismiss={onDismiss} onMuted={onMuted} />);
    fireEvent.click(screen.getByTestId(testIds.muteDialog.submit));
    await waitFor(() => expect(created).toHaveLength(1));

    expect(screen.getByTestId(testIds.muteDialog.submit)).toHaveTextContent('Sending to Alertmanager…');
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    expect(cancel).toBeDisabled();
    fireEvent.click(cancel);
    fireEvent.keyDown(screen.getByTestId(testIds.muteDialog.dialog), { key: 'Escape' });
    expect(onDismiss).not.toHaveBeenCalled();

    created[0].resolve('silence-1');
    await waitFor(() => expect(onMuted).toHaveBeenCalledWith({ id: 'silence-1', endsAt: expect.any(Number) }));
    expect(onDismiss).toHaveBeenCalledTimes(1);
  });

  it('marks a duration a silence cannot have, names why, and offers no Mute', () => {
    render(<MuteDialog seriesLabels={{ instance: 'web-1' }} onDismiss={jest.fn()} />);
    const input = screen.getByLabelText('Duration');
    expect(input).toBe(screen.getByTestId(testIds.muteDialog.duration));
    for (const [typed, problem] of [
      ['abc', 'Use a duration such as 30m, 2h, 1d or 1w'],
      ['1s', 'A silence lasts at least 1m'],
      ['300000y', 'A silence lasts at most 365d'],
    ]) {
      fireEvent.change(input, { target: { value: typed } });
      expect(screen.getByText(problem)).toBeInTheDocument();
      expect(input).toHaveAttribute('aria-invalid', 'true');
      expect(screen.getByTestId(testIds.muteDialog.submit)).toBeDisabled();
    }
    fireEvent.change(input, { target: { value: '30m' } });
    expect(input).not.toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId(testIds.muteDialog.submit)).toBeEnabled();
  });
});
