import React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { testIds } from '../testIds';
import { DeleteDetectorButton } from './DeleteDetectorButton';
import { ErrorLines } from './ErrorLines';

describe('DeleteDetectorButton', () => {
  it('asks for a confirmation naming the detector before deleting it', async () => {
    const onDelete = jest.fn();
    render(<DeleteDetectorButton id="api-latency" name="API latency" onDelete={onDelete} />);
    fireEvent.click(screen.getByTestId(testIds.editor.delete));
    expect(
      screen.getByText('Delete the detector "API latency" (id api-latency) from the app\'s settings?')
    ).toBeVisible();
    expect(onDelete).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(onDelete).toHaveBeenCalledTimes(1));
  });

  it('names an invalid detector by its id', () => {
    render(<DeleteDetectorButton id="broken" onDelete={() => {}} />);
    fireEvent.click(screen.getByTestId(testIds.editor.delete));
    expect(screen.getByText('Delete the detector "broken" from the app\'s settings?')).toBeVisible();
  });
});

describe('ErrorLines', () => {
  it('lists each validation message on a line of its own', () => {
    render(<ErrorLines text={'detectors[0]: step: must be a duration\ndetectors[0]: sensitivity: Too big'} />);
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'detectors[0]: step: must be a duration',
      'detectors[0]: sensitivity: Too big',
    ]);
  });
});
