// The agent's sessions, one store for every page: read once, then replaced by every
// `sessions-changed` event. It starts on first use and lives as long as the window.
import { host, type SessionsView } from "../ipc";

let view: SessionsView | null = $state(null);
let started = false;

function start(): void {
  started = true;
  void host().onSessionsChanged((fresh) => (view = fresh));
  void host()
    .sessions()
    .then((result) => {
      // An event that arrived first is newer than this answer.
      if (result.status === "ok" && view === null) view = result.data;
    });
}

export const sessions = {
  /** The latest snapshot; `null` until the first answer. */
  get view(): SessionsView | null {
    if (!started) start();
    return view;
  },
  /** The session called `name`, if any. */
  find(name: string | null) {
    return name === null ? undefined : this.view?.sessions.find((session) => session.name === name);
  },
};

/** Forgets everything, so each unit test starts afresh. */
export function resetSessions(): void {
  view = null;
  started = false;
}
