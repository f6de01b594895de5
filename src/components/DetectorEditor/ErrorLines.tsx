import React from 'react';
import { testIds } from '../testIds';

/** Validation messages (one per line in the text) as a list, one message per line. */
export function ErrorLines({ text }: { text: string }) {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return (
    <ul data-testid={testIds.editor.errorLines}>
      {lines.map((line, index) => (
        <li key={index}>{line}</li>
      ))}
    </ul>
  );
}
