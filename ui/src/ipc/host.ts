// The host the window talks to: the commands it may call and the events it may hear.
// `tauri.ts` implements it over the generated bindings, `fake.ts` in memory (for unit
// tests, and for design work in a plain browser).
import type {
  ActivityItem,
  ConsoleForm,
  Problem,
  ProfileList,
  SessionForm,
  SessionsView,
  Settings,
  SettingsView,
  StartupView,
} from "./bindings";

export type Result<T> = { status: "ok"; data: T } | { status: "error"; error: Problem };
export type Unlisten = () => void;

export interface Host {
  startup(): Promise<Result<StartupView>>;
  retryStartup(): Promise<Result<StartupView>>;
  sessions(): Promise<Result<SessionsView>>;
  /** `session` is a row's `id`; for a console session `deviceCode` is the remote sign-in. */
  signIn(session: string, deviceCode: boolean): Promise<Result<null>>;
  /** `signIn` is a session's `id`, or a first console sign-in's. */
  cancelSignIn(signIn: string): Promise<Result<null>>;
  submitCode(signIn: string, code: string): Promise<Result<null>>;
  signOut(session: string): Promise<Result<null>>;
  addSession(form: SessionForm): Promise<Result<null>>;
  /** Answers when the sign-in is done; its progress comes with the sessions. */
  addConsoleSignIn(form: ConsoleForm): Promise<Result<null>>;
  removeSession(name: string): Promise<Result<null>>;
  listProfiles(): Promise<Result<ProfileList>>;
  settings(): Promise<Result<SettingsView>>;
  saveSettings(settings: Settings): Promise<Result<SettingsView>>;
  activity(): Promise<Result<ActivityItem[]>>;
  onSessionsChanged(listener: (view: SessionsView) => void): Promise<Unlisten>;
  onActivityRecorded(listener: () => void): Promise<Unlisten>;
}
