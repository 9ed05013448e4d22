// An in-memory host: what unit tests run components against, and what a plain browser
// shows (`npm run dev`) for design work. It plays a few sessions and profiles; tests
// seed their own and make any command fail with `failNext`.
import type {
  ActivityItem,
  DomainRow,
  FileChangeRow,
  NewConsoleRow,
  PreviewView,
  Problem,
  ProfileFormView,
  ProfileList,
  ProfileRow,
  ProfileWriteView,
  RegistryForm,
  RegistryRow,
  SessionRow,
  SessionsView,
  SettingsView,
  StartupView,
  ToolRow,
} from "./bindings";
import type { Host, Result, Unlisten } from "./host";

/** An account and role as discovery lists it. */
export interface FakeRole {
  accountId: string;
  accountName: string;
  role: string;
}

export interface FakeState {
  sessions: SessionRow[];
  newConsoleSignIns: NewConsoleRow[];
  configProblem: Problem | null;
  profiles: ProfileList;
  settings: SettingsView;
  activity: ActivityItem[];
  startup: StartupView;
  /** What `retryStartup` finds: the problem is gone once this is true. */
  unlocked: boolean;
  /** The tools configured for CodeArtifact. */
  registries: RegistryRow[];
  /** What CodeArtifact lists: domains, and each domain's repositories. */
  domains: DomainRow[];
  repositories: Record<string, string[]>;
  /** The package managers, those "installed" first. */
  tools: ToolRow[];
  /** What discovery lists for every session. */
  discovered: FakeRole[];
  /** What the app copied to the clipboard, last first. */
  clipboard: string[];
  /** Until when the app holds each profile's credentials. */
  heldUntil: Record<string, number>;
  /** The profiles whose access key the keychain keeps. */
  keptKeys: Set<string>;
}

type Command = Exclude<keyof Host, "onSessionsChanged" | "onActivityRecorded">;

export interface FakeHost extends Host {
  state: FakeState;
  /** Every command called, with its arguments, oldest first. */
  calls: [Command, ...unknown[]][];
  /** The next call of `command` fails with `problem`. */
  failNext(command: Command, problem: Problem): void;
  /** Tells every listener that the sessions changed (as the agent does). */
  publish(): void;
  /** The person approved the sign-in of `name` in the browser. */
  approve(name: string): void;
}

const consoleArn = "arn:aws:sts::111122223333:assumed-role/Admin/ada";

const hour = 3600_000;

export function session(name: string, overrides: Partial<SessionRow> = {}): SessionRow {
  return {
    id: `sso-session:${name}`,
    kind: "identity-center",
    name,
    arn: null,
    account: null,
    profiles: [],
    state: "signed-out",
    expiresAt: null,
    sessionEndsAt: null,
    renewsSilently: false,
    configured: true,
    signIn: null,
    problem: null,
    actions: ["sign-in", "use-code", "remove"],
    ...overrides,
  };
}

/** A signed-in console session (`aws login`), used by `profiles`. */
export function consoleSession(overrides: Partial<SessionRow> = {}): SessionRow {
  const now = Date.now();
  return session("ada@111122223333", {
    id: `login:${consoleArn}`,
    kind: "console",
    arn: consoleArn,
    account: "111122223333",
    profiles: ["console"],
    state: "signed-in",
    expiresAt: now + 15 * 60_000,
    sessionEndsAt: now + 11 * hour + 20 * 60_000,
    renewsSilently: true,
    actions: ["sign-out"],
    ...overrides,
  });
}

/** `tool` configured for `acme/packages` for the user, renewing in 11 h 40 m. */
export function registry(tool: string, overrides: Partial<RegistryRow> = {}): RegistryRow {
  const now = Date.now();
  return {
    id: `${tool}-acme-packages`,
    tool,
    domain: "acme",
    owner: "111122223333",
    repository: "packages",
    region: "eu-west-1",
    profile: "dev",
    projectDir: null,
    files: [tool === "pip" ? "~/.config/pip/pip.conf" : "~/.npmrc"],
    expiresAt: now + 12 * hour + 10 * 60_000,
    renewsAt: now + 11 * hour + 40 * 60_000,
    waitsFor: null,
    ...overrides,
  };
}

/** A profile as the list gets it: an IAM Identity Center profile of `corp` unless told. */
export function profileRow(name: string, overrides: Partial<ProfileRow> = {}): ProfileRow {
  return {
    name,
    kind: "sso-session",
    ssoSession: "corp",
    accountId: "111122223333",
    accountName: "dev",
    role: "Developer",
    region: "eu-west-1",
    ssoRegion: "us-east-1",
    sourceProfile: null,
    inCredentials: false,
    line: 1,
    generatedFrom: null,
    mark: { favourite: false, hidden: false, tag: null },
    ...overrides,
  };
}

/** The form of a listed profile, as the engine would fill it. */
export function formOf(row: ProfileRow): ProfileFormView {
  const credentials: ProfileFormView["credentials"] = row.kind === "sso-session"
    ? { kind: "sso-session", session: row.ssoSession ?? "", accountId: row.accountId ?? "", roleName: row.role ?? "" }
    : row.kind === "static-keys"
    ? { kind: "static-keys", accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: null, sessionToken: null }
    : row.kind === "legacy-sso"
    ? { kind: "legacy-sso", startUrl: "https://my-company.awsapps.com/start", ssoRegion: row.ssoRegion ?? "", accountId: row.accountId ?? "", roleName: row.role ?? "" }
    : row.kind === "credential-process"
    ? { kind: "credential-process", command: `awning credential-process --profile ${row.name}` }
    : { kind: "no-credentials" };
  // A kept key's profile names it, as `awning keys import` writes it.
  const other = row.kind === "credential-process" && !row.inCredentials
    ? [{ key: "awning_access_key", value: "AKIAIOSFODNN7EXAMPLE" }]
    : [];
  return { name: row.name, credentials, region: row.region ?? "", output: "", other };
}

/** The row a saved form makes. */
function rowOf(form: ProfileFormView): ProfileRow {
  const credentials = form.credentials;
  return profileRow(form.name, {
    kind: credentials.kind,
    ssoSession: credentials.kind === "sso-session" ? credentials.session : null,
    accountId: "accountId" in credentials ? credentials.accountId : null,
    accountName: null,
    role: "roleName" in credentials ? credentials.roleName : null,
    region: form.region || null,
  });
}

/** The profile list of `profiles` in the usual files. */
export function profileList(profiles: ProfileRow[], overrides: Partial<ProfileList> = {}): ProfileList {
  return {
    configFile: "~/.aws/config",
    credentialsFile: "~/.aws/credentials",
    profiles,
    ssoSessions: [...new Set(profiles.flatMap((profile) => (profile.ssoSession ? [profile.ssoSession] : [])))],
    problems: [],
    sessionMoves: [],
    ...overrides,
  };
}

const tool = (name: string, installed: boolean): ToolRow => ({
  tool: name,
  installed,
  projectScope: ["npm", "pnpm", "yarn", "yarn-berry", "uv", "poetry", "nuget", "cargo"].includes(name),
  namespace: ["npm", "pnpm", "yarn", "yarn-berry"].includes(name),
});

function demoState(): FakeState {
  const now = Date.now();
  return {
    sessions: [
      session("corp", {
        state: "signed-in",
        expiresAt: now + 7 * hour + 12 * 60_000,
        renewsSilently: true,
        actions: ["sign-out", "remove"],
      }),
      session("lab"),
      consoleSession(),
    ],
    newConsoleSignIns: [],
    configProblem: null,
    profiles: profileList([
      profileRow("dev"),
      profileRow("prod-admin", { accountId: "444455556666", accountName: "production", role: "Admin", region: "us-east-1" }),
      profileRow("default", { kind: "no-credentials", ssoSession: null, accountId: null, accountName: null, role: null, ssoRegion: null }),
    ]),
    settings: {
      settings: { warnMinutesBefore: [15, 5], startAtLogin: false, language: "system" },
      language: "en",
      problem: null,
    },
    activity: [{ at: now - 60_000, event: { kind: "signed-in", session: "corp" } }],
    startup: { problem: null, language: "en" },
    unlocked: true,
    registries: [registry("npm")],
    domains: [{ name: "acme", owner: "111122223333" }, { name: "tools", owner: "444455556666" }],
    repositories: { acme: ["packages", "mirror"], tools: ["internal"] },
    clipboard: [],
    heldUntil: { dev: now + 42 * 60_000 },
    keptKeys: new Set(),
    discovered: [
      { accountId: "111122223333", accountName: "dev", role: "Developer" },
      { accountId: "111122223333", accountName: "dev", role: "ReadOnly" },
      { accountId: "444455556666", accountName: "production", role: "Admin" },
    ],
    tools: [tool("npm", true), tool("pip", true), tool("cargo", true), tool("pnpm", false), tool("yarn", false),
      tool("yarn-berry", false), tool("uv", false), tool("poetry", false), tool("twine", false), tool("maven", false),
      tool("gradle", false), tool("nuget", false)],
  };
}

/** What configuring `form.tool` would change, as the engine words it. */
function preview(form: RegistryForm): PreviewView {
  const snippet = form.tool === "gradle" ? `repositories {\n    maven {\n        url = uri("https://${form.domain}/maven/${form.repository}/")\n    }\n}\n` : null;
  return { changes: changes(form), snippet };
}

function changes(form: RegistryForm): FileChangeRow[] {
  const file = form.tool === "pip" ? "~/.config/pip/pip.conf" : form.projectDir ? `${form.projectDir}/.npmrc` : "~/.npmrc";
  const line = form.tool === "pip"
    ? `+index-url = https://aws:********@${form.domain}-111122223333.d.codeartifact.${form.region}.amazonaws.com/pypi/${form.repository}/simple/`
    : `+registry=https://${form.domain}-111122223333.d.codeartifact.${form.region}.amazonaws.com/npm/${form.repository}/`;
  return [{ path: file, diff: `--- ${file}\n+++ ${file}\n@@ -1,0 +1,1 @@\n${line}\n`, creates: false, removes: false }];
}

export function createFakeHost(seed: Partial<FakeState> = {}): FakeHost {
  const state: FakeState = { ...demoState(), ...seed };
  const listeners = new Set<(view: SessionsView) => void>();
  const activityListeners = new Set<() => void>();
  const failures = new Map<Command, Problem>();
  const calls: FakeHost["calls"] = [];

  const view = (): SessionsView => ({
    sessions: structuredClone(state.sessions),
    newConsoleSignIns: structuredClone(state.newConsoleSignIns),
    configProblem: state.configProblem,
    registries: structuredClone(state.registries),
  });
  const find = (id: string) => state.sessions.find((s) => s.id === id || s.name === id);
  const change = (name: string, update: Partial<SessionRow>) => {
    const found = find(name);
    if (found) Object.assign(found, update);
    fake.publish();
  };
  // The profile write last previewed, and the profiles before the last write (for Undo).
  let pendingWrite: ProfileWriteView | null = null;
  let previewId = 0;
  let before: ProfileList | null = null;
  // Each command: recorded, then failing if asked to, else doing `work` (which fails by
  // throwing a problem, as the engine would answer).
  const command =
    <A extends unknown[], T>(name: Command, work: (...args: A) => T) =>
    async (...args: A): Promise<Result<T>> => {
      calls.push([name, ...args]);
      const problem = failures.get(name);
      if (problem) {
        failures.delete(name);
        return { status: "error", error: problem };
      }
      try {
        return { status: "ok", data: work(...args) };
      } catch (thrown) {
        return { status: "error", error: thrown as Problem };
      }
    };
  const listen = <L>(set: Set<L>, listener: L): Promise<Unlisten> => {
    set.add(listener);
    return Promise.resolve(() => set.delete(listener));
  };

  const fake: FakeHost = {
    state,
    calls,
    failNext: (name, problem) => failures.set(name, problem),
    publish: () => listeners.forEach((listener) => listener(view())),
    approve: (name) =>
      change(name, {
        state: "signed-in",
        signIn: null,
        expiresAt: Date.now() + 8 * hour,
        renewsSilently: true,
        actions: ["sign-out", "remove"],
      }),
    startup: command("startup", () => state.startup),
    retryStartup: command("retryStartup", () => {
      if (state.unlocked) state.startup = { ...state.startup, problem: null };
      return state.startup;
    }),
    sessions: command("sessions", view),
    signIn: command("signIn", (name: string, deviceCode: boolean) => {
      const signIn: SessionRow["signIn"] = deviceCode && find(name)?.kind === "console"
        ? { kind: "remote", url: "https://us-east-1.signin.aws.amazon.com/v1/authorize" }
        : deviceCode
        ? {
            kind: "device",
            userCode: "WDJB-MJHT",
            verificationUri: "https://device.sso.eu-west-1.amazonaws.com/",
            expiresAt: Date.now() + 10 * 60_000,
            opened: true,
          }
        : { kind: "browser", url: "https://example.awsapps.com/start/#/device", opened: true };
      change(name, { signIn, actions: ["cancel"] });
      return null;
    }),
    cancelSignIn: command("cancelSignIn", (name: string) => {
      state.newConsoleSignIns = state.newConsoleSignIns.filter((row) => row.id !== name);
      change(name, { signIn: null, actions: ["sign-in", "use-code", "remove"] });
      return null;
    }),
    submitCode: command("submitCode", (signIn: string, _code: string) => {
      const found = find(signIn);
      if (found?.kind === "console") fake.approve(signIn);
      return null;
    }),
    signOut: command("signOut", (name: string) => {
      change(name, {
        state: "signed-out",
        expiresAt: null,
        renewsSilently: false,
        actions: ["sign-in", "use-code", "remove"],
      });
      return null;
    }),
    addSession: command("addSession", (form: { name: string }) => {
      state.sessions.push(session(form.name));
      fake.publish();
      return null;
    }),
    addConsoleSignIn: command("addConsoleSignIn", (form: { profile: string }) => {
      state.sessions.push(consoleSession({ profiles: [form.profile] }));
      fake.publish();
      return null;
    }),
    removeSession: command("removeSession", (name: string) => {
      state.sessions = state.sessions.filter((s) => s.name !== name);
      fake.publish();
      return null;
    }),
    listProfiles: command("listProfiles", () => state.profiles),
    profileForm: command("profileForm", (name: string) => {
      const row = state.profiles.profiles.find((profile) => profile.name === name);
      if (!row) throw { code: "not-found", thing: "profile", name } satisfies Problem;
      return formOf(row);
    }),
    previewProfileWrite: command("previewProfileWrite", (write: ProfileWriteView) => {
      pendingWrite = write;
      const changes = (diff: string) => ({
        id: ++previewId,
        changes: [{ path: state.profiles.configFile, diff, creates: false, removes: false }],
      });
      if (write.action === "fix") return changes(`-${JSON.stringify(write.fix)}\n`);
      if (write.action === "discover") {
        return changes(write.chosen.map((pick) => `+sso_account_id = ${pick.accountId}\n+sso_role_name = ${pick.role}\n`).join(""));
      }
      const name = write.action === "save" ? write.form.name.trim() : write.name.trim();
      const others = state.profiles.profiles.filter((row) => write.action !== "save" || row.name !== write.original);
      const rule = !name ? "empty" : write.action !== "delete" && others.some((row) => row.name === name) ? "taken" : null;
      if (rule) throw { code: "invalid-fields", fields: [{ field: "name", rule: { rule } }] } satisfies Problem;
      return changes(write.action === "delete" ? `-[profile ${name}]\n` : `+[profile ${name}]\n`);
    }),
    applyProfileWrite: command("applyProfileWrite", (id: number) => {
      const write = pendingWrite;
      if (!write || id !== previewId) throw { code: "preview-outdated", file: state.profiles.configFile } satisfies Problem;
      pendingWrite = null;
      before = structuredClone(state.profiles);
      const rows = state.profiles.profiles;
      const written = (profiles: ProfileRow[]) => ({ ...state.profiles, profiles });
      switch (write.action) {
        case "delete":
          state.profiles = written(rows.filter((row) => row.name !== write.name));
          break;
        case "duplicate":
          state.profiles = written([...rows, { ...rows.find((row) => row.name === write.from)!, name: write.name }]);
          break;
        case "save":
          state.profiles = written([...rows.filter((row) => row.name !== (write.original ?? write.form.name)), rowOf(write.form)]);
          break;
        case "discover": {
          const chosen = state.discovered.filter((found) =>
            write.chosen.some((pick) => pick.accountId === found.accountId && pick.role === found.role));
          const made = chosen.map((found) => profileRow(`${found.accountName}-${found.role}`, {
            ssoSession: write.session, accountId: found.accountId, accountName: found.accountName, role: found.role,
            generatedFrom: write.session,
          }));
          state.profiles = written([...rows, ...made]);
          break;
        }
        case "fix": {
          const fix = write.fix;
          const same = (other: unknown) => JSON.stringify(other) === JSON.stringify(fix);
          const fixed = rows.map((row) => {
            if (fix.fix === "rename-profile" && row.name === fix.from) return { ...row, name: fix.to };
            if (fix.fix === "move-to-session" && row.name === fix.profile) {
              return { ...row, kind: "sso-session" as const, ssoSession: fix.session };
            }
            return row;
          });
          state.profiles = {
            ...written(fixed),
            problems: state.profiles.problems.filter((problem) => !same(problem.fix)),
            sessionMoves: state.profiles.sessionMoves.filter((move) => !same(move)),
          };
        }
      }
      return [state.profiles.configFile];
    }),
    copyProfileExports: command("copyProfileExports", (profile: string, shell: string) => {
      state.clipboard.unshift(`${shell} lines of ${profile}`);
      return null;
    }),
    copyCredentialProcessLine: command("copyCredentialProcessLine", (profile: string) => {
      state.clipboard.unshift(`credential_process = awning credential-process --profile ${profile}\n`);
      return null;
    }),
    markProfile: command("markProfile", (profile: string, mark: ProfileRow["mark"]) => {
      if (mark.tag != null && !/^[\p{L}\p{N}_-]{1,16}$/u.test(mark.tag)) {
        throw { code: "invalid-fields", fields: [{ field: "tag", rule: { rule: "bad-characters" } }] } satisfies Problem;
      }
      state.profiles = {
        ...state.profiles,
        profiles: state.profiles.profiles.map((row) => (row.name === profile ? { ...row, mark } : row)),
      };
      return null;
    }),
    profileHeldUntil: command("profileHeldUntil", (profile: string) => state.heldUntil[profile] ?? null),
    discoveredAccounts: command("discoveredAccounts", (session: string, template: string, _fresh: boolean) => ({
      fetchedAt: Date.now() - 5 * 60_000,
      roles: state.discovered.map((found) => {
        const covered = state.profiles.profiles.find((row) =>
          row.ssoSession === session && row.accountId === found.accountId && row.role === found.role);
        return {
          ...found,
          planned: template
            .replace("{account_name}", found.accountName)
            .replace("{account_id}", found.accountId)
            .replace("{role_name}", found.role)
            .replace("{session}", session),
          coveredBy: covered?.name ?? null,
        };
      }),
    })),
    undoProfileWrite: command("undoProfileWrite", (_files: string[]) => {
      if (before) state.profiles = before;
      before = null;
      return null;
    }),
    importAccessKey: command("importAccessKey", (profile: string) => {
      const row = state.profiles.profiles.find((found) => found.name === profile);
      if (!row || row.kind !== "static-keys") throw { code: "no-access-key", profile } satisfies Problem;
      state.profiles = {
        ...state.profiles,
        profiles: state.profiles.profiles.map((found) =>
          found.name === profile ? { ...found, kind: "credential-process", inCredentials: false } : found),
      };
      state.keptKeys.add(profile);
      return ["/home/ada/.aws/credentials", "/home/ada/.aws/config"];
    }),
    restoreAccessKey: command("restoreAccessKey", (profile: string) => {
      if (!state.keptKeys.delete(profile)) throw { code: "key-not-kept", profile } satisfies Problem;
      state.profiles = {
        ...state.profiles,
        profiles: state.profiles.profiles.map((found) =>
          found.name === profile ? { ...found, kind: "static-keys", inCredentials: true } : found),
      };
      return ["/home/ada/.aws/credentials", "/home/ada/.aws/config"];
    }),
    settings: command("settings", () => state.settings),
    saveSettings: command("saveSettings", (settings: SettingsView["settings"]) => {
      const language = settings.language === "ja" ? "ja" : settings.language === "en" ? "en" : state.settings.language;
      state.settings = { settings, language, problem: null };
      return state.settings;
    }),
    activity: command("activity", () => state.activity),
    registryTools: command("registryTools", () => state.tools),
    registryDomains: command("registryDomains", (_profile: string, _region: string | null) => state.domains),
    registryRepositories: command(
      "registryRepositories",
      (_profile: string, _region: string | null, domain: string, _owner: string | null) => state.repositories[domain] ?? [],
    ),
    previewRegistry: command("previewRegistry", preview),
    configureRegistry: command("configureRegistry", (form: RegistryForm) => {
      const row = registry(form.tool, {
        id: `${form.tool}-${form.domain}-${form.repository}`,
        domain: form.domain,
        owner: form.owner,
        repository: form.repository,
        region: form.region,
        profile: form.profile,
        projectDir: form.projectDir,
        files: changes(form).map((change) => change.path),
      });
      state.registries = [...state.registries.filter((known) => known.id !== row.id), row];
      fake.publish();
      return null;
    }),
    undoRegistry: command("undoRegistry", (id: string) => {
      const gone = state.registries.find((known) => known.id === id);
      state.registries = state.registries.filter((known) => known.id !== id);
      fake.publish();
      return (gone?.files ?? []).map((path) => ({ path, diff: "", creates: false, removes: false }));
    }),
    onSessionsChanged: (listener) => listen(listeners, listener),
    onActivityRecorded: (listener) => listen(activityListeners, listener),
  };
  return fake;
}
