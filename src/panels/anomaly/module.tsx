import { PanelPlugin } from '@grafana/data';
import { AnomalyPanel } from './AnomalyPanel';

export const plugin = new PanelPlugin(AnomalyPanel);
