import { commands, events, type SessionsView } from "../ipc";

/**
 * The agent's sessions, kept current: read once, then replaced by every
 * `sessions-changed` event. Call `stop` when the component goes.
 */
export function liveSessions(): { readonly view: SessionsView | null; stop: () => void } {
  let view: SessionsView | null = $state(null);
  const unlisten = events.sessionsChanged.listen((event) => (view = event.payload));
  commands.sessions().then((result) => {
    // An event that arrived first is newer than this answer.
    if (result.status === "ok" && view === null) view = result.data;
  });
  return {
    get view() {
      return view;
    },
    stop: () => void unlisten.then((stop) => stop()),
  };
}
