import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { ClipboardButton, LinkButton, Modal, useStyles2 } from '@grafana/ui';
import { testIds } from '../testIds';

export interface ExportModalProps {
  title: string;
  fileName: string;
  /** What the export is for and what it is not, above the text. */
  note: string;
  text: string;
  onDismiss: () => void;
}

export function ExportModal({ title, fileName, note, text, onDismiss }: ExportModalProps) {
  const styles = useStyles2(getStyles);
  const href = `data:application/yaml;charset=utf-8,${encodeURIComponent(text)}`;
  return (
    <Modal title={title} isOpen onDismiss={onDismiss}>
      <p data-testid={testIds.editor.exportNote}>{note}</p>
      <pre className={styles.text} data-testid={testIds.editor.exportText} tabIndex={0} aria-label={title}>
        {text}
      </pre>
      <Modal.ButtonRow>
        <LinkButton variant="secondary" icon="download-alt" href={href} download={fileName}>
          Download {fileName}
        </LinkButton>
        <ClipboardButton icon="copy" getText={() => text}>
          Copy
        </ClipboardButton>
      </Modal.ButtonRow>
    </Modal>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  text: css({ maxHeight: '60vh', overflow: 'auto', fontFamily: theme.typography.fontFamilyMonospace }),
});
