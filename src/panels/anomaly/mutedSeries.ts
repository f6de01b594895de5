import { createContext } from 'react';
import type { SeriesMute } from './silencedSeries';

/**
 * Series whose anomaly alerts are silenced (from this panel, or before it was opened), all or some detectors', by
 * series key. A context, because the pinned tooltip is not rendered again when the panel's state changes, and its
 * button must stop offering a second mute.
 */
export const MutedSeriesContext = createContext<Record<string, SeriesMute>>({});
