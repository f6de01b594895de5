/** Stops the shared stack that globalSetup.ts started. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__vigilTestStack?.stop();
  globalThis.__vigilTestStack = undefined;
}
