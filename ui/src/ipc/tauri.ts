// The host inside the desktop app: the generated bindings, and nothing else.
import { commands, events } from "./bindings";
import type { Host } from "./host";

export const tauriHost: Host = {
  ...commands,
  onSessionsChanged: (listener) => events.sessionsChanged.listen((event) => listener(event.payload)),
  onActivityRecorded: (listener) => events.activityRecorded.listen(() => listener()),
};
