import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { CardData } from "./card";

const SETTLE_MS = 150;
const REOPEN_MS = 5_000;

export interface MovedPatch {
  card: CardData;
  from: { columnId: string; focusAreaId: string };
}

/**
 * Keeps the board in step with other viewers. A move arrives as a `moved` event with the card as
 * it now is, and the board patches itself; any other change (`change`), or news that this viewer
 * missed events (`reload`), reloads the board's data. While the viewer is dragging or has moves
 * in flight, both wait until they are done, so nothing is yanked from under them. Without
 * `onMoved` (a board that cannot patch itself), a move reloads too. Answers whether the stream is open.
 */
export function useLiveBoard(url: string, onMoved: ((patch: MovedPatch) => void) | null, busy: boolean): boolean {
  const { revalidate } = useRevalidator();
  const revalidateRef = useRef(revalidate);
  revalidateRef.current = revalidate;
  const onMovedRef = useRef(onMoved);
  onMovedRef.current = onMoved;
  const busyRef = useRef(busy);
  busyRef.current = busy;
  const waiting = useRef<{ patches: MovedPatch[]; reload: boolean }>({ patches: [], reload: false });
  const [open, setOpen] = useState(false);
  const [reopened, setReopened] = useState(0);

  useEffect(() => {
    const source = new EventSource(url);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    const reload = () => {
      if (busyRef.current) waiting.current.reload = true;
      else revalidateRef.current();
    };
    const scheduleReload = () => {
      clearTimeout(timer);
      timer = setTimeout(reload, SETTLE_MS);
    };
    source.addEventListener("open", () => setOpen(true));
    source.addEventListener("error", () => {
      setOpen(source.readyState === EventSource.OPEN);
      // The browser retries a dropped stream by itself but gives up on an error answer (503 while
      // the database is away): open it again later. It resumes from the board's cursor, or reloads.
      if (source.readyState === EventSource.CLOSED) reopen = setTimeout(() => setReopened((count) => count + 1), REOPEN_MS);
    });
    source.addEventListener("moved", (message) => {
      if (!onMovedRef.current) return scheduleReload();
      const patch = JSON.parse((message as MessageEvent<string>).data) as MovedPatch;
      if (busyRef.current) waiting.current.patches.push(patch);
      else onMovedRef.current(patch);
    });
    source.addEventListener("change", scheduleReload);
    source.addEventListener("reload", scheduleReload);
    return () => {
      clearTimeout(timer);
      clearTimeout(reopen);
      source.close();
      setOpen(false);
    };
  }, [url, reopened]);

  useEffect(() => {
    if (busy) return;
    const { patches, reload } = waiting.current;
    waiting.current = { patches: [], reload: false };
    for (const patch of patches) onMovedRef.current?.(patch);
    if (reload) revalidateRef.current();
  }, [busy]);

  return open;
}
