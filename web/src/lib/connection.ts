import { useSyncExternalStore } from "react";

// The state of the live (websocket) connection, for the banner and for refetching what
// may have been missed while it was down.
export type LiveState = "connecting" | "connected" | "disconnected";

export interface LiveStatus {
  state: LiveState;
  /** Increases on every reconnection after the first connection. */
  reconnects: number;
}

let status: LiveStatus = { state: "connecting", reconnects: 0 };
let everConnected = false;
const listeners = new Set<() => void>();

function set(next: LiveStatus) {
  status = next;
  listeners.forEach((listener) => listener());
}

export const liveStatus = {
  connected() {
    set({
      state: "connected",
      reconnects: everConnected ? status.reconnects + 1 : status.reconnects,
    });
    everConnected = true;
  },
  disconnected() {
    if (status.state !== "disconnected") set({ ...status, state: "disconnected" });
  },
  connecting() {
    if (status.state === "connected") set({ ...status, state: "connecting" });
  },
  reset() {
    everConnected = false;
    set({ state: "connecting", reconnects: 0 });
  },
  get(): LiveStatus {
    return status;
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(liveStatus.subscribe, liveStatus.get, liveStatus.get);
}
