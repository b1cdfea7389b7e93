import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

const SETTLE_MS = 150;

/**
 * Keeps the board in step with other viewers: the server sends an event whenever the plan
 * changes, and the board reloads its data. While the viewer is dragging or has moves in
 * flight, the reload waits until they are done, so it never yanks a card from under them.
 */
export function useLiveBoard(eventsUrl: string, busy: boolean) {
  const { revalidate } = useRevalidator();
  const revalidateRef = useRef(revalidate);
  revalidateRef.current = revalidate;
  const busyRef = useRef(busy);
  busyRef.current = busy;
  const deferred = useRef(false);

  useEffect(() => {
    const source = new EventSource(eventsUrl);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      if (busyRef.current) deferred.current = true;
      else revalidateRef.current();
    };
    source.addEventListener("change", () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, SETTLE_MS);
    });
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [eventsUrl]);

  useEffect(() => {
    if (!busy && deferred.current) {
      deferred.current = false;
      revalidateRef.current();
    }
  }, [busy]);
}
