import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/** False on the server and while hydrating, true once the page runs its scripts: for controls that need them. */
export function useHydrated() {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}
