import type { GrafanaTheme2 } from '@grafana/data';

/** The look of the app's plain HTML tables (alerts, silences, detectors), in theme colours. */
export function dataTableStyle(theme: GrafanaTheme2) {
  return {
    width: '100%',
    borderCollapse: 'collapse' as const,
    'th, td': {
      padding: theme.spacing(1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left' as const,
      verticalAlign: 'top' as const,
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  };
}
