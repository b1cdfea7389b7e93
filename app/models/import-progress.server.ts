/**
 * How far an import has come, for the browser that waits on it: kept in this process only, so a
 * second app instance answers "unknown" and the page just keeps waiting for the import's answer.
 */
export type ImportPhase = "reading" | "planning" | "writing" | "done";

export interface ImportProgressState {
  phase: ImportPhase;
  written: number;
  total: number;
}

const FORGET_AFTER_MS = 60_000;
const progress = new Map<string, { ownerId: string; state: ImportProgressState }>();

export function reportImportProgress(uploadId: string, ownerId: string, state: ImportProgressState): void {
  progress.set(uploadId, { ownerId, state });
  if (state.phase === "done") setTimeout(() => progress.delete(uploadId), FORGET_AFTER_MS).unref();
}

/** The owner's import's progress, or null when this process knows of none. */
export function importProgressOf(uploadId: string, ownerId: string): ImportProgressState | null {
  const entry = progress.get(uploadId);
  return entry && entry.ownerId === ownerId ? entry.state : null;
}
