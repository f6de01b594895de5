import React, { useState } from 'react';
import { Button, ConfirmModal } from '@grafana/ui';
import { testIds } from '../testIds';

export interface DeleteDetectorButtonProps {
  id: string;
  /** The detector's name, when it has a valid one. */
  name?: string;
  onDelete: () => void;
}

/** Deletes a stored detector from the app's settings, once the user confirmed which one. */
export function DeleteDetectorButton({ id, name, onDelete }: DeleteDetectorButtonProps) {
  const [confirming, setConfirming] = useState(false);
  const named = name && name !== id ? `"${name}" (id ${id})` : `"${id}"`;
  return (
    <>
      <Button
        icon="trash-alt"
        variant="destructive"
        onClick={() => setConfirming(true)}
        data-testid={testIds.editor.delete}
      >
        Delete detector
      </Button>
      <ConfirmModal
        isOpen={confirming}
        title="Delete detector"
        body={`Delete the detector ${named} from the app's settings?`}
        description="A vigil CLI config it was exported to keeps running it until it is removed there."
        confirmText="Delete"
        onConfirm={() => {
          setConfirming(false);
          onDelete();
        }}
        onDismiss={() => setConfirming(false)}
      />
    </>
  );
}
