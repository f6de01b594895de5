/**
 * The id of the detector a new detector's first save stored: saving moves the editor to the detector's own page,
 * a new scene, which takes this to confirm the save there.
 */
let savedId: string | undefined;

export function noteSaved(id: string): void {
  savedId = id;
}

/** True once, for the editor of the detector just saved. */
export function takeSavedNotice(id: string): boolean {
  const saved = savedId === id;
  if (saved) {
    savedId = undefined;
  }
  return saved;
}
