// The one door from the UI to the desktop shell. Nothing outside this folder imports
// `@tauri-apps/*` (the test command checks); components call `host()` and unit tests
// install a fake with `useHost`.
import { createFakeHost } from "./fake";
import type { Host } from "./host";
import { tauriHost } from "./tauri";

let current: Host | null = null;

/** The desktop shell inside the app; the in-memory fake in a plain browser (`npm run dev`). */
export function host(): Host {
  current ??= "__TAURI_INTERNALS__" in window ? tauriHost : createFakeHost();
  return current;
}

/** Replaces the host, for unit tests. */
export function useHost(replacement: Host): void {
  current = replacement;
}

export { createFakeHost } from "./fake";
export type { FakeHost } from "./fake";
export type { Host, Result, Unlisten } from "./host";
export type {
  Action,
  ActivityItem,
  ConfigProblem,
  ConfigRule,
  ConsoleForm,
  CredentialsView,
  DiscoveredView,
  DiscoveryStyle,
  DomainRow,
  Event,
  Field,
  FileChangeRow,
  FieldProblem,
  PreviewView,
  FieldRule,
  Fix,
  Issue,
  Language,
  LanguageChoice,
  Mark,
  Problem,
  ProfileFormView,
  ProfileKind,
  ProfileList,
  ProfilePreviewView,
  ProfileRow,
  ProfileWriteView,
  RegistryForm,
  RegistryRow,
  Service,
  SessionForm,
  SessionRow,
  SessionState,
  SessionsView,
  Settings,
  SettingsView,
  SignInView,
  StartupView,
  ShellView,
  Thing,
  ToolRow,
} from "./bindings";
