import React, { createContext, useContext, type ReactNode } from 'react';
import { getDetectorClient, type DetectorClient } from '../../worker/detectorClient';

const DetectorClientContext = createContext<DetectorClient | null>(null);

/** Lets tests (jsdom has no Worker) hand the UI a fake client. */
export function DetectorClientProvider({ client, children }: { client: DetectorClient; children: ReactNode }) {
  return <DetectorClientContext.Provider value={client}>{children}</DetectorClientContext.Provider>;
}

/** The client of the page's shared detector worker (started on first use). */
export function useDetectorClient(): DetectorClient {
  return useContext(DetectorClientContext) ?? getDetectorClient();
}
