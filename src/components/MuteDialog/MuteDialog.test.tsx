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
});
