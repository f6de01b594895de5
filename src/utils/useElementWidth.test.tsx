import React, { useState } from 'react';
import { act, render, screen } from '@testing-library/react';
import { useElementWidth } from './useElementWidth';

function Measured() {
  const [ready, setReady] = useState(false);
  const [ref, width] = useElementWidth<HTMLDivElement>();
  if (!ready) {
    return <button onClick={() => setReady(true)}>load</button>;
  }
  return (
    <div ref={ref} data-testid="measured">
      {width}
    </div>
  );
}

describe('useElementWidth', () => {
  it('measures an element that mounts after the component did', () => {
    jest.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(640);
    render(<Measured />);
    act(() => screen.getByText('load').click());
    expect(screen.getByTestId('measured')).toHaveTextContent('640');
  });
});
