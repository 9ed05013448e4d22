// The host the window talks to: the commands it may call and the events it may hear.
// `tauri.ts` implements it over the generated bindings, `fake.ts` in memory (for unit
// tests, and for design work in a plain browser).
import type {
  ActivityItem,
  ConsoleForm,
  DiscoveredView,
  DomainRow,
  FileChangeRow,
  Mark,
  PreviewView,
  Problem,
  ProfileFormView,
  ProfileList,
  ProfilePreviewView,
  ProfileWriteView,
  RegistryForm,
  ToolRow,
  SessionForm,
  SessionsView,
  Settings,
  SettingsView,
  ShellView,
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
  /** The form of a profile as the files have it; never its secret. */
  profileForm(name: string): Promise<Result<ProfileFormView>>;
  /** The write checked, and what it would change in each file; nothing is written. */
  previewProfileWrite(write: ProfileWriteView): Promise<Result<ProfilePreviewView>>;
  /** Writes the preview `id`; the files it changed. */
  applyProfileWrite(id: number): Promise<Result<string[]>>;
  undoProfileWrite(files: string[]): Promise<Result<null>>;
  /** The profile's access key into the keychain (tools then get sessions made with it), or back; the files changed. */
  importAccessKey(profile: string): Promise<Result<string[]>>;
  restoreAccessKey(profile: string): Promise<Result<string[]>>;
  /** The profile's credentials as `shell` lines, to the clipboard by the app itself. */
  copyProfileExports(profile: string, shell: ShellView): Promise<Result<null>>;
  copyCredentialProcessLine(profile: string): Promise<Result<null>>;
  /** Favourite, hidden, tag: kept by Awning, never in the AWS files. */
  markProfile(profile: string, mark: Mark): Promise<Result<null>>;
  /** Until when Awning holds the profile's credentials, if it does. */
  profileHeldUntil(profile: string): Promise<Result<number | null>>;
  /** A session's accounts and roles: the kept listing unless `fresh`. */
  discoveredAccounts(session: string, template: string, fresh: boolean): Promise<Result<DiscoveredView>>;
  settings(): Promise<Result<SettingsView>>;
  saveSettings(settings: Settings): Promise<Result<SettingsView>>;
  activity(): Promise<Result<ActivityItem[]>>;
  /** The package managers, those found on this machine first. */
  registryTools(): Promise<Result<ToolRow[]>>;
  registryDomains(profile: string, region: string | null): Promise<Result<DomainRow[]>>;
  registryRepositories(profile: string, region: string | null, domain: string, owner: string | null): Promise<Result<string[]>>;
  /** What configuring would write, tokens masked; nothing is written. */
  previewRegistry(form: RegistryForm): Promise<Result<PreviewView>>;
  /** The configured tool arrives with the sessions. */
  configureRegistry(form: RegistryForm): Promise<Result<null>>;
  undoRegistry(id: string): Promise<Result<FileChangeRow[]>>;
  onSessionsChanged(listener: (view: SessionsView) => void): Promise<Unlisten>;
  onActivityRecorded(listener: () => void): Promise<Unlisten>;
}
