// The desktop app, end to end: real binary, real WebKitGTK, real tray over D-Bus, real
// gnome-keyring, real notification daemon, real headless Chromium approving sign-ins
// against the AWS sandbox. Run through ./run.sh, which provides all of them.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, watch, writeFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { remote } from "webdriverio";

const execute = promisify(execFile);
/**
 * The command line of every process seen while the tests ran: those the tests start,
 * recorded as they start them, and every process on the machine, sampled every 50 ms.
 * A secret passed as an argument would show in `ps` to anyone on the machine.
 */
const commandLines = new Set();
function run(file, args, options) {
  commandLines.add([file, ...args].join(" "));
  return execute(file, args, options);
}
function sampleCommandLines() {
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const line = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (line) commandLines.add(line.replaceAll("\0", " "));
    } catch {
      // The process ended between the listing and the read.
    }
  }
}
setInterval(sampleCommandLines, 50).unref();
const here = new URL(".", import.meta.url).pathname;
const shots = process.env.AWNING_E2E_OUT;
const work = process.env.AWNING_E2E_WORK;
const application = process.env.AWNING_APP_BINARY;
const sandboxLog = process.env.AWNING_E2E_SANDBOX_LOG;
const notificationsLog = join(shots, "notifications.log");

async function python(script, ...args) {
  const { stdout } = await run("/usr/bin/python3", [`${here}${script}`, ...args]);
  return JSON.parse(stdout);
}
const tray = (...args) => python("tray.py", ...args);
const x11 = (...args) => python("x11.py", ...args);
const keyring = (...args) => python("keyring.py", ...args);

/** Unlocks the login collection; the password goes to the helper's standard input. */
async function unlockKeyring(password) {
  const unlocking = run("/usr/bin/python3", [`${here}keyring.py`, "unlock"]);
  unlocking.child.stdin.end(password);
  return JSON.parse((await unlocking).stdout);
}
const dataDir = join(process.env.XDG_DATA_HOME, "awning-test");
const logFile = join(dataDir, "logs", "awning.log");

/**
 * Saves what the X display shows. With `browser`, first waits until the web view has
 * painted two frames, so the picture shows the page rather than an empty window.
 */
async function screenshot(name, browser) {
  await browser?.executeAsync((done) =>
    requestAnimationFrame(() => requestAnimationFrame(() => done(true))),
  );
  mkdirSync(shots, { recursive: true });
  await run("import", ["-window", "root", `${shots}/${name}.png`]);
}

/** Resolves once the web view's page is visible (or hidden), without polling. */
function pageBecomes(browser, state) {
  return browser.executeAsync((wanted, done) => {
    if (document.visibilityState === wanted) return done(true);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === wanted) done(true);
    });
  }, state);
}

/** Resolves once `file` holds text for which `found` is true; woken by changes in its
 * folder, so a file replaced by a rename is seen too. */
function fileShows(file, found, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const text = existsSync(file) ? readFileSync(file, "utf8") : "";
      const result = found(text);
      if (result) {
        watcher.close();
        clearTimeout(timer);
        resolve(result);
      }
    };
    const watcher = watch(dirname(file), check);
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`${what} did not happen within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    check();
  });
}

/** The Notify calls dbus-monitor recorded: summary, body and action keys of each. */
function notifications(text) {
  return text
    .split(/^method call /m)
    .slice(1)
    // dbus-monitor may have written only part of the last call yet; a whole one ends with
    // its expire_timeout (int32), after the actions and hints.
    .filter((call) => /^\s+int32 -?\d+$/m.test(call))
    .map((call) => {
      const strings = [...call.matchAll(/^\s+string "(.*)"$/gm)].map((m) => m[1]);
      return { summary: strings[2], body: strings[3], actions: strings.slice(4) };
    });
}

/** The sandbox's request log as objects, from line `from` on: whole lines only, since
 * the sandbox may be writing the last one. */
function requests(from = 0) {
  return readFileSync(sandboxLog, "utf8")
    .split("\n")
    .slice(0, -1)
    .filter(Boolean)
    .slice(from)
    .map((line) => JSON.parse(line));
}

/** The record the app keeps in gnome-keyring for a session, or null. */
async function keychainRecord(session) {
  try {
    const { stdout } = await run("secret-tool", ["lookup", "service", "awning-test", "username", `sso-session:${session}`]);
    return stdout;
  } catch {
    return null;
  }
}

/** Every regular file under `folder`, recursively. */
function filesUnder(folder) {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Makes a profile write through the window's editor: opens it (on `original`, or a new
 * profile), lets `fill` type into it, shows the change, writes it, and answers the diff
 * it showed. */
async function writeProfile(browser, original, fill) {
  if (original) {
    await findProfile(browser, original);
    await browser.$(`button[aria-label="Edit ${original}"]`).click();
  } else {
    await browser.$('[data-testid="profile-new"]').click();
  }
  const editor = await browser.$('[data-testid="profile-editor"]');
  await editor.$('[data-testid="profile-form"]').waitForDisplayed({ timeout: 10_000 });
  if (original) {
    await browser.waitUntil(async () => (await editor.$('input[name="name"]').getValue()) === original, {
      timeout: 10_000, timeoutMsg: `the editor did not fill in ${original}`,
    });
  }
  await fill(editor);
  await editor.$('[data-testid="editor-preview"]').click();
  await editor.$('[data-testid="editor-write"]').waitForExist({ timeout: 10_000 });
  const diffs = await editor.$$('[data-testid="editor-diff"]').map((diff) => diff.getText());
  await editor.$('[data-testid="editor-write"]').click();
  await editor.$('[data-testid="profile-form"]').waitForExist({ reverse: true, timeout: 10_000 });
  await browser.$('[data-testid="profile-undo"]').waitForExist({ timeout: 10_000 });
  return diffs.join("\n");
}

/** Searches the list for `name`, so its row is on screen. */
async function findProfile(browser, name) {
  const search = await browser.$('input[name="search"]');
  await search.setValue(name);
  await browser.$(`button[aria-label="Edit ${name}"]`).waitForExist({ timeout: 10_000 });
}

/** What botocore (the AWS CLI's and boto3's reader) makes of each profile. */
async function botocoreSees(profiles) {
  const script = `
import json, sys, botocore.session
seen = {}
for name in sys.argv[1:]:
    session = botocore.session.Session(profile=name)
    config = dict(session.get_scoped_config())
    seen[name] = config
print(json.dumps(seen))`;
  const { stdout } = await run(process.env.AWNING_E2E_PYTHON, ["-c", script, ...profiles]);
  return JSON.parse(stdout);
}

/** 1,000 `credential-process` calls for sandbox-dev from 50 callers at once, with `env`:
 * each call's time in milliseconds, and the access keys they were given. */
async function credentialLoad(env) {
  const times = [];
  const keys = new Set();
  const caller = async () => {
    for (let call = 0; call < 20; call += 1) {
      const started = performance.now();
      const { stdout } = await run(process.env.AWNING_BIN, ["credential-process", "--profile", "sandbox-dev"], { env });
      times.push(performance.now() - started);
      keys.add(JSON.parse(stdout).AccessKeyId);
    }
  };
  await Promise.all(Array.from({ length: 50 }, caller));
  return { times, keys };
}

/** One line of figures: the median and 99th percentile of `times` (ms). */
function figures(what, times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (share) => sorted[Math.ceil(share * sorted.length) - 1].toFixed(1);
  return `${what.padEnd(28)} ${String(sorted.length).padStart(5)} calls   p50 ${at(0.5).padStart(7)} ms   p99 ${at(0.99).padStart(7)} ms`;
}

const sessionRow = (browser, name) => browser.$(`[data-testid="session"][data-name="${name}"]`);

/** Shows a page of the window through its navigation. */
async function open(browser, page) {
  await browser.$(`[data-testid="nav-${page}"]`).click();
  await browser.$(`[data-testid="page-${page}"]`).waitForExist({ timeout: 10_000 });
}

/** Every page, shown through the navigation and screenshotted as `${prefix}-${page}`. */
async function screenshotEveryPage(browser, prefix) {
  for (const page of ["sessions", "profiles", "registries", "settings", "activity"]) {
    await open(browser, page);
    await screenshot(`${prefix}-${page}`, browser);
  }
  await open(browser, "sessions");
}

/** The profile table's rows, cell by cell. */
function profileTable(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll('[data-testid="profile-row"]')].map((row) =>
      [...row.children].map((cell) => cell.textContent.replace(/\s+/g, " ").trim()),
    ),
  );
}

/** What the clipboard holds once it matches `pattern`: the app writes it from a menu
 * event on its own thread, so this waits (at most ten seconds) for it to arrive. */
async function waitForClipboard(pattern) {
  let text = "";
  const deadline = Date.now() + 10_000;
  while (!pattern.test(text)) {
    // What it holds may be credentials: not in the message.
    if (Date.now() > deadline) throw new Error(`the clipboard never matched ${pattern}`);
    text = (await run("xclip", ["-o", "-selection", "clipboard"]).catch(() => ({ stdout: "" }))).stdout;
  }
  return text;
}

/** The process id of the app under test. */
function appProcess() {
  const found = readdirSync("/proc").filter((name) => /^\d+$/.test(name)).find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0] === application;
    } catch {
      return false;
    }
  });
  assert.ok(found, `no process runs ${application}`);
  return found;
}

/** Every secret the sandbox issued so far (tokens, codes, keys). */
async function issuedSecrets() {
  const answer = await fetch(`${process.env.AWS_ENDPOINT_URL}/_sandbox/issued`);
  assert.equal(answer.status, 200);
  return answer.json();
}

async function waitForState(browser, name, state) {
  const row = await sessionRow(browser, name);
  await row.waitForExist({ timeout: 15_000 });
  await browser.waitUntil(async () => (await row.getAttribute("data-state")) === state, {
    timeout: 60_000,
    timeoutMsg: `${name} did not become ${state}`,
  });
  return row;
}

describe("Awning desktop app", { concurrency: false }, () => {
  let browser;
  let item;
  let demoFirstEnd;

  before(async () => {
    assert.ok(application && existsSync(application), `no app binary at ${application}`);
    browser = await remote({
      hostname: "127.0.0.1",
      port: 4444,
      logLevel: "error",
      capabilities: { "tauri:options": { application, args: ["--background"] } },
    });
    item = await tray("item");
  });

  after(async () => {
    // After "Quit" the app is gone and so is the session's browser; nothing to end.
    await browser?.deleteSession().catch(() => {});
  });

  it("registers a tray item with a menu entry per session", async () => {
    const props = await tray("props", item.bus, item.path);
    assert.equal(props.Status, "Active");
    assert.ok(existsSync(props.IconName), `tray icon file ${props.IconName} missing`);
    const menu = await tray("menu", item.bus, item.path);
    assert.deepEqual(
      menu.map((entry) => entry.label),
      ["demo — signed out", "Sign in to demo", "Open Awning", "Quit"],
    );
    await screenshot("tray-registered");
  });

  it("starts in the background with no window, and 'Open Awning' shows it", async () => {
    assert.deepEqual(await x11("mapped", "Awning"), { mapped: false });
    await tray("click", item.bus, item.path, "Open Awning");
    await pageBecomes(browser, "visible");
    assert.deepEqual(await x11("mapped", "Awning"), { mapped: true });
  });

  it("reaches every page from the navigation, in the light theme", async () => {
    await browser.$('[data-testid="page-sessions"]').waitForExist({ timeout: 10_000 });
    assert.equal(await browser.execute(() => matchMedia("(prefers-color-scheme: dark)").matches), false);
    await screenshotEveryPage(browser, "light");
    await open(browser, "registries");
    assert.match(await browser.$('[data-testid="registries-empty"]').getText(), /^No tool is configured yet/);
  });

  it("shows the profiles of AWS_CONFIG_FILE with their account, role, region and session's state", async () => {
    await open(browser, "profiles");
    await browser.$('[data-testid="profile-row"]').waitForExist({ timeout: 10_000 });
    // By name; the region a profile works in, never its SSO region.
    assert.deepEqual(await profileTable(browser), [
      ["build", "Credential process", "—", "—", "—", "—", "—"],
      ["default", "Settings only", "—", "—", "eu-west-1", "—", "—"],
      // A name with a space: the AWS SDK for Rust rejects it, `config check` says so.
      ["old admin 1 to fix", "IAM Identity Center (legacy, no refresh)", "444455556666", "AdministratorAccess", "—", "—", "—"],
      // Its region line has a comment, which botocore would read as part of the region.
      ["sandbox-dev 1 to fix", "IAM Identity Center", "111122223333", "Developer", "eu-west-1", "demo", "Signed out"],
    ]);
    assert.equal(await browser.$('[data-testid="config-file"]').getText(), process.env.AWS_CONFIG_FILE);
  });

  it("the profile manager creates a profile of each kind, edits, renames and deletes them through the preview; botocore reads what the form said; a legacy profile moves onto its session; Undo and a one-click fix work on the real files", async () => {
    const config = process.env.AWS_CONFIG_FILE;
    const credentials = join(process.env.HOME, ".aws", "credentials");
    const original = readFileSync(config, "utf8");
    await open(browser, "profiles");
    const kinds = {
      "e2e-sso": { kind: "sso-session", fields: { accountId: "111122223333", roleName: "Developer" } },
      "e2e-legacy": { kind: "legacy-sso", fields: { startUrl: "https://d-9067000000.awsapps.com/start", ssoRegion: "us-east-1", accountId: "444455556666", roleName: "ReadOnly" } },
      "e2e-console": { kind: "console-login", fields: { loginSession: "arn:aws:sts::111122223333:assumed-role/Admin/ada" } },
      "e2e-process": { kind: "credential-process", fields: { command: "awning credential-process --profile sandbox-dev" } },
      "e2e-keys": { kind: "static-keys", fields: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "e2e-typed-secret/K7MDENG" } },
      "e2e-role": { kind: "assume-role", fields: { roleArn: "arn:aws:iam::444455556666:role/Admin", durationSeconds: "3600" }, source: "e2e-keys" },
      "e2e-web": { kind: "web-identity", fields: { roleArn: "arn:aws:iam::444455556666:role/Deploy", tokenFile: "/var/run/token" } },
      "e2e-settings": { kind: "no-credentials", fields: {} },
    };
    for (const [name, { kind, fields, source }] of Object.entries(kinds)) {
      const diff = await writeProfile(browser, null, async (editor) => {
        await editor.$('input[name="name"]').setValue(name);
        await editor.$('select[name="kind"]').selectByAttribute("value", kind);
        for (const [field, value] of Object.entries(fields)) await editor.$(`input[name="${field}"]`).setValue(value);
        if (source) await editor.$('select[name="sourceProfile"]').selectByAttribute("value", source);
        await editor.$('input[name="region"]').setValue("eu-central-1");
      });
      assert.ok(diff.includes(`+[profile ${name}]`), diff);
      assert.ok(!diff.includes("e2e-typed-secret"), "the preview masks the secret");
    }
    assert.ok(readFileSync(config, "utf8").startsWith(original), "the fixture's lines, comments included, are kept");
    assert.ok(readFileSync(credentials, "utf8").includes("aws_secret_access_key = e2e-typed-secret/K7MDENG"));
    assert.ok(!readFileSync(config, "utf8").includes("e2e-typed-secret"), "the secret is in the credentials file only");
    const seen = await botocoreSees(Object.keys(kinds));
    const keyOf = { accountId: "sso_account_id", roleName: "sso_role_name", startUrl: "sso_start_url", ssoRegion: "sso_region",
      loginSession: "login_session", command: "credential_process", accessKeyId: "aws_access_key_id",
      secretAccessKey: "aws_secret_access_key", roleArn: "role_arn", durationSeconds: "duration_seconds",
      tokenFile: "web_identity_token_file" };
    for (const [name, { fields, source }] of Object.entries(kinds)) {
      const expected = { region: "eu-central-1", ...Object.fromEntries(Object.entries(fields).map(([field, value]) => [keyOf[field], value])) };
      if (source) expected.source_profile = source;
      if (name === "e2e-sso") expected.sso_session = "demo";
      assert.deepEqual(seen[name], expected, name);
    }
    await screenshot("profiles-manager", browser);

    // Edit and rename each: the region changes, the name too, references follow.
    for (const name of Object.keys(kinds)) {
      await writeProfile(browser, name, async (editor) => {
        await editor.$('input[name="name"]').setValue(`${name}-2`);
        await editor.$('input[name="region"]').setValue("ap-northeast-1");
      });
    }
    const renamed = await botocoreSees(Object.keys(kinds).map((name) => `${name}-2`));
    assert.equal(renamed["e2e-role-2"].source_profile, "e2e-keys-2", "the reference followed the rename");
    assert.equal(renamed["e2e-keys-2"].aws_secret_access_key, "e2e-typed-secret/K7MDENG", "the kept secret stayed");
    assert.ok(Object.values(renamed).every((profile) => profile.region === "ap-northeast-1"));

    // The legacy profile moves onto the session of its portal (demo) with one click.
    await findProfile(browser, "e2e-legacy-2");
    await browser.$('button[aria-label="Edit e2e-legacy-2"]').click();
    const editor = await browser.$('[data-testid="profile-editor"]');
    const move = await editor.$('[data-testid="session-move"] button');
    await move.waitForClickable({ timeout: 10_000 });
    assert.equal(await move.getText(), "Move onto the sso-session demo");
    await move.click();
    await editor.$('[data-testid="editor-write"]').waitForExist({ timeout: 10_000 });
    const moveDiff = await editor.$('[data-testid="editor-diff"]').getText();
    assert.match(moveDiff, /^-sso_start_url = https:\/\/d-9067000000\.awsapps\.com\/start$/m);
    assert.match(moveDiff, /^\+sso_session = demo$/m);
    await editor.$('[data-testid="editor-write"]').click();
    await editor.$('[data-testid="profile-form"]').waitForExist({ reverse: true, timeout: 10_000 });
    assert.deepEqual((await botocoreSees(["e2e-legacy-2"]))["e2e-legacy-2"], {
      sso_session: "demo", sso_account_id: "444455556666", sso_role_name: "ReadOnly", region: "ap-northeast-1",
    });

    // Undo of the last write gives both files back byte for byte, the kept secret filled
    // back from the file: the backups hold it masked, never in full.
    const [configBefore, credentialsBefore] = [readFileSync(config, "utf8"), readFileSync(credentials, "utf8")];
    await writeProfile(browser, "e2e-keys-2", async (editor) => {
      await editor.$('input[name="region"]').setValue("us-west-2");
    });
    assert.notEqual(readFileSync(config, "utf8"), configBefore);
    await browser.$('[data-testid="profile-undo"]').click();
    await browser.waitUntil(async () => (await browser.$('[data-testid="profile-saved"]').getText()).startsWith("Undone"), { timeout: 10_000 });
    assert.equal(readFileSync(config, "utf8"), configBefore);
    assert.equal(readFileSync(credentials, "utf8"), credentialsBefore);

    // A replaced secret is kept nowhere, so its undo is refused, in words, in both files.
    await writeProfile(browser, "e2e-keys-2", async (editor) => {
      await editor.$('input[name="secretAccessKey"]').setValue("e2e-replaced-secret");
      await editor.$('input[name="region"]').setValue("us-west-2");
    });
    const [configRotated, credentialsRotated] = [readFileSync(config, "utf8"), readFileSync(credentials, "utf8")];
    assert.ok(credentialsRotated.includes("e2e-replaced-secret"));
    await browser.$('[data-testid="profile-undo"]').click();
    const refusal = await browser.$('[data-testid="profile-undo-problem"]');
    await refusal.waitForExist({ timeout: 10_000 });
    assert.match(await refusal.getText(), /Undo would bring back the secret on line \d+ of .*credentials, which is no longer in the file/);
    assert.equal(readFileSync(config, "utf8"), configRotated);
    assert.equal(readFileSync(credentials, "utf8"), credentialsRotated);

    // The access key moves to the keychain with one button, and comes back with another.
    const [configKeys, credentialsKeys] = [readFileSync(config, "utf8"), readFileSync(credentials, "utf8")];
    const keyButton = async (testid) => {
      await findProfile(browser, "e2e-keys-2");
      await browser.$('button[aria-label="Edit e2e-keys-2"]').click();
      const editor = await browser.$('[data-testid="profile-editor"]');
      const button = await editor.$(`[data-testid="${testid}"]`);
      await button.waitForClickable({ timeout: 10_000 });
      await button.click();
      await editor.$('[data-testid="profile-form"]').waitForExist({ reverse: true, timeout: 10_000 });
    };
    await keyButton("key-import");
    assert.ok(!readFileSync(credentials, "utf8").includes("e2e-replaced-secret"), "the secret left the file");
    assert.match(readFileSync(config, "utf8"), /^credential_process = awning credential-process --profile e2e-keys-2$/m);
    const kept = await run("secret-tool", ["lookup", "service", "awning-test", "username", "access-key:AKIAIOSFODNN7EXAMPLE"]);
    assert.ok(kept.stdout.includes("e2e-replaced-secret"), "the keychain keeps it");
    await keyButton("key-restore");
    assert.equal(readFileSync(config, "utf8"), configKeys, "the config as it was");
    assert.equal(readFileSync(credentials, "utf8"), credentialsKeys, "the key back where it was");

    // Delete each, through the preview.
    for (const name of Object.keys(kinds)) {
      await findProfile(browser, `${name}-2`);
      await browser.$(`button[aria-label="Edit ${name}-2"]`).click();
      const editor = await browser.$('[data-testid="profile-editor"]');
      await editor.$('[data-testid="editor-delete"]').waitForClickable({ timeout: 10_000 });
      await editor.$('[data-testid="editor-delete"]').click();
      await editor.$('[data-testid="editor-write"]').waitForExist({ timeout: 10_000 });
      assert.match(await editor.$('[data-testid="editor-diff"]').getText(), new RegExp(`-\\[profile ${name}-2\\]`));
      await editor.$('[data-testid="editor-write"]').click();
      await editor.$('[data-testid="profile-form"]').waitForExist({ reverse: true, timeout: 10_000 });
    }
    assert.equal(readFileSync(config, "utf8").trimEnd(), original.trimEnd(), "every profile the test made is gone");

    // A problem `awning config check` reports, fixed with one click.
    writeFileSync(config, `${original}\n[profile e2e-dup]\nregion = eu-west-1\nregion = us-east-1\n`);
    const checked = await run(process.env.AWNING_BIN, ["config", "check"]).catch((failed) => failed);
    assert.match(checked.stdout, /`region` is set again/);
    // The file changed outside Awning: Reload reads it again.
    await browser.$('button=Reload').click();
    // The fixture's own problem (the name with a space) stays; the duplicate is fixed.
    const duplicate = await browser.$('[data-testid="config-problem"]*=is set again');
    await duplicate.waitForExist({ timeout: 10_000 });
    await duplicate.$('[data-testid="config-fix"]').click();
    const dialog = await browser.$('[data-testid="fix-dialog"]');
    await dialog.$('[data-testid="editor-write"]').waitForClickable({ timeout: 10_000 });
    assert.match(await dialog.$('[data-testid="editor-diff"]').getText(), /^-region = eu-west-1$/m);
    await dialog.$('[data-testid="editor-write"]').click();
    await browser.$('[data-testid="config-problem"]*=is set again').waitForExist({ reverse: true, timeout: 10_000 });
    const fixed = await run(process.env.AWNING_BIN, ["config", "check"]).catch((failed) => failed);
    assert.doesNotMatch(fixed.stdout, /is set again/);
    assert.match(readFileSync(config, "utf8"), /\[profile e2e-dup\]\nregion = us-east-1\n$/);
    writeFileSync(config, original);
    rmSync(credentials, { force: true });
  });

  it("finds a profile among 5,000 as you type, with only the rows on screen in the page", async () => {
    const config = process.env.AWS_CONFIG_FILE;
    const original = readFileSync(config, "utf8");
    const generated = Array.from({ length: 5000 }, (_, i) =>
      `[profile gen-${i + 1}]\nsso_session = demo\nsso_account_id = ${String(100000000000 + i + 1)}\nsso_role_name = Role${i % 7}\n`);
    writeFileSync(config, `${original}\n${generated.join("\n")}`);
    try {
      await open(browser, "profiles");
      await browser.$('button=Reload').click();
      const count = await browser.$('[data-testid="profiles-count"]');
      const search = await browser.$('input[name="search"]');
      await search.setValue("100000004321");
      await browser.waitUntil(async () => /^1 of 5,?0\d\d$/.test(await count.getText()), {
        timeout: 10_000, timeoutMsg: "the account ID did not narrow the list to one",
      });
      const names = async () => browser.$$('[data-testid="profile-row"] button[aria-label^="Edit "]').map((button) => button.getAttribute("aria-label"));
      assert.deepEqual(await names(), ["Edit gen-4321"]);
      await search.setValue("gen-43");
      // gen-43, gen-430 to gen-439 and gen-4300 to gen-4399.
      await browser.waitUntil(async () => (await count.getText()).startsWith("111 of "), { timeout: 10_000 });
      await search.setValue("gen-");
      await browser.waitUntil(async () => /^5,?000 of 5,?0\d\d$/.test(await count.getText()), { timeout: 10_000 });
      assert.ok((await names()).length < 100, "only the rows on screen are in the page");
    } finally {
      writeFileSync(config, original);
    }
    await browser.$('button=Reload').click();
  });

  it("the add-session form names each bad field, then adds a good session to the config", async () => {
    await open(browser, "sessions");
    const form = await browser.$('[data-testid="add-session"]');
    // Escape closes the dialog, as in any dialog.
    await browser.$('[data-testid="add-session-open"]').click();
    await form.waitForDisplayed({ timeout: 10_000 });
    await browser.keys("Escape");
    await form.waitForDisplayed({ reverse: true, timeout: 10_000 });
    await browser.$('[data-testid="add-session-open"]').click();
    await form.waitForDisplayed({ timeout: 10_000 });
    await form.$('input[name="name"]').setValue("my lab");
    await form.$('input[name="startUrl"]').setValue("http://lab.example.com");
    await form.$('input[name="region"]').setValue("Virginia");
    await form.$('button[type="submit"]').click();
    await browser.$('[data-testid="problem-name"]').waitForExist({ timeout: 10_000 });
    assert.match(await browser.$('[data-testid="problem-name"]').getText(), /letters, digits and/);
    assert.match(await browser.$('[data-testid="problem-startUrl"]').getText(), /must begin with https:\/\//);
    assert.match(await browser.$('[data-testid="problem-region"]').getText(), /for example `eu-west-1`/);
    await screenshot("add-session-invalid", browser);
    const before = readFileSync(process.env.AWS_CONFIG_FILE, "utf8");

    await form.$('input[name="name"]').setValue("lab");
    await form.$('input[name="startUrl"]').setValue("https://d-9067000000.awsapps.com/start");
    // Enter submits the form, as in any dialog.
    await form.$('input[name="region"]').setValue("us-east-1\uE007");
    await waitForState(browser, "lab", "signed-out");
    assert.equal(await form.isDisplayed(), false, "the dialog closed");
    const after = readFileSync(process.env.AWS_CONFIG_FILE, "utf8");
    assert.ok(after.startsWith(before), "the config's existing lines are kept as they were");
    assert.match(after, /\[sso-session lab\]\nsso_start_url = https:\/\/d-9067000000\.awsapps\.com\/start\nsso_region = us-east-1\n/);
    const menu = await tray("menu", item.bus, item.path);
    assert.ok(menu.some((entry) => entry.label === "lab — signed out"), JSON.stringify(menu));
  });

  it("signs in through the browser: signed in in the window and the tray, token only in the keychain", async () => {
    await (await sessionRow(browser, "demo")).$('[data-testid="action-sign-in"]').click();
    const row = await waitForState(browser, "demo", "signed-in");
    demoFirstEnd = await row.getAttribute("data-expires-at");
    assert.match(await row.$('[data-testid="countdown"]').getText(), /^15 m \d\d s left · renews silently$/);
    const menu = await tray("menu", item.bus, item.path);
    assert.ok(menu.some((entry) => /^demo — 15 m left$/.test(entry.label)), JSON.stringify(menu));
    assert.ok(menu.some((entry) => entry.label === "Sign out of demo"));
    await screenshot("dashboard-signed-in", browser);
    // The profile of that session follows it without a reload.
    await open(browser, "profiles");
    await browser.waitUntil(
      async () => (await profileTable(browser)).find((cells) => cells[0].split(" ")[0] === "sandbox-dev")?.[6] === "Signed in",
      { timeout: 10_000, timeoutMsg: "the sandbox-dev profile does not show its session signed in" },
    );
    await open(browser, "sessions");

    const record = await keychainRecord("demo");
    const token = record?.match(/access-[A-Za-z0-9_-]+/)?.[0];
    assert.ok(token, "the keychain holds the session's access token");
    for (const file of filesUnder(work).filter((f) => statSync(f).size < 5_000_000)) {
      assert.ok(!readFileSync(file).includes(token), `the access token is in ${file}`);
    }
  });

  it("discovery in the window lists the signed-in session's roles and writes a profile boto3 then uses; a profile's credentials are copied by the app (from the window or a favourite in the tray), never through the page", async () => {
    const config = process.env.AWS_CONFIG_FILE;
    const original = readFileSync(config, "utf8");
    await open(browser, "profiles");
    await browser.$('[data-testid="discover-open"]').click();
    const dialog = await browser.$('[data-testid="discover-dialog"]');
    await dialog.$('[data-testid="discover-list"]').click();
    const row = await dialog.$('[data-testid="discover-row"]');
    await row.waitForExist({ timeout: 15_000 });
    await screenshot("profiles-discover", browser);
    const text = await browser.execute((element) => element.textContent.replace(/\s+/g, " ").trim(), row);
    assert.equal(text, "sandbox-Developer sandbox 111122223333 Developer covered by sandbox-dev");
    const tick = await row.$('input[type="checkbox"]');
    assert.equal(await tick.isSelected(), false, "a role a profile covers starts unticked");
    await tick.click();
    await dialog.$('input[value="credential-process"]').click();
    await dialog.$('[data-testid="discover-preview"]').click();
    const diff = await dialog.$('[data-testid="editor-diff"]');
    await diff.waitForExist({ timeout: 10_000 });
    assert.match(await diff.getText(), /\+credential_process = awning credential-process --profile sandbox-Developer/);
    await dialog.$('[data-testid="editor-write"]').click();
    await dialog.waitForDisplayed({ reverse: true, timeout: 10_000 });
    const script = `
import boto3
print(boto3.Session(profile_name="sandbox-Developer").client("sts", region_name="us-east-1").get_caller_identity()["Account"])`;
    const { stdout } = await run(process.env.AWNING_E2E_PYTHON, ["-c", script], {
      env: { ...process.env, PATH: `${dirname(process.env.AWNING_BIN)}:${process.env.PATH}` },
    });
    assert.equal(stdout.trim(), "111122223333", "boto3 signs in through the profile discovery wrote");
    writeFileSync(config, original);

    // The profile's credentials, copied by the app straight to the clipboard.
    await browser.$('button=Reload').click();
    await findProfile(browser, "sandbox-dev");
    await browser.$('button[aria-label="Edit sandbox-dev"]').click();
    // Its account is offered from the listing discovery kept.
    await browser.$('[data-testid="account-choices"] option[value="111122223333"]').waitForExist({ timeout: 10_000 });
    const use = await browser.$('[data-testid="profile-use"]');
    await use.$('[data-testid="copy-exports"]').waitForClickable({ timeout: 10_000 });
    await use.$('[data-testid="copy-exports"]').click();
    await use.$('[role="status"]').waitForExist({ timeout: 10_000 });
    const { stdout: pasted } = await run("xclip", ["-o", "-selection", "clipboard"]);
    const secret = pasted.match(/^export AWS_SECRET_ACCESS_KEY=(\S+)$/m)?.[1];
    assert.match(pasted, /^export AWS_ACCESS_KEY_ID=\S+\nexport AWS_SECRET_ACCESS_KEY=\S+\nexport AWS_SESSION_TOKEN=\S+\nexport AWS_CREDENTIAL_EXPIRATION=\S+\n$/);
    assert.ok((await issuedSecrets()).some((issued) => JSON.stringify(issued).includes(secret)), "the sandbox issued them");
    assert.ok(!(await browser.getPageSource()).includes(secret), "the secret never reached the page");
    assert.match(await use.$('[data-testid="profile-held"]').getText(), /^Awning holds its credentials: \d+ m left\.$/);

    // A favourite is in the tray, where choosing it copies its credentials too: the
    // clipboard holds the credential_process line first, so the export lines are new.
    await use.$('[data-testid="copy-process"]').click();
    await waitForClipboard(/^credential_process = /);
    await browser.$('[data-testid="profile-marks"] input[name="favourite"]').click();
    const entry = "★ sandbox-dev — copy credentials";
    await tray("wait-label", item.bus, item.path, entry);
    await tray("click", item.bus, item.path, entry);
    const copied = await waitForClipboard(/^export AWS_ACCESS_KEY_ID=/m);
    assert.match(copied, /^export AWS_SESSION_TOKEN=\S+$/m);
    await browser.$('[data-testid="profile-marks"] input[name="favourite"]').click();
    await browser.keys("Escape");
  });

  it("the Package registries page configures npm and pip from CodeArtifact's lists after a preview, renews their tokens before they end, and Undo gives the files back", async () => {
    const registries = process.env.AWNING_E2E_REGISTRIES;
    const npmrc = join(process.env.HOME, ".npmrc");
    const pipConf = join(process.env.XDG_CONFIG_HOME, "pip", "pip.conf");
    const adas = "# Ada's npm settings\nfund=false\n";
    writeFileSync(npmrc, adas);
    // The tools run as Ada would, their caches outside the home searched for secrets.
    const tools = { ...process.env, npm_config_cache: join(registries, "npm-cache"), NPM_CONFIG_UPDATE_NOTIFIER: "false" };
    delete tools.PIP_FIND_LINKS;
    const tokenIn = (file, pattern) => readFileSync(file, "utf8").match(pattern)?.[1];
    const npmToken = /:_authToken=(\S+)/;
    const pipToken = /index-url = http:\/\/aws:([^@]+)@/;

    await open(browser, "registries");
    await browser.$('select[name="profile"]').selectByAttribute("value", "sandbox-dev");
    await browser.$('[data-testid="registries-find"]').click();
    await browser.$('[data-testid="registries-tools"]').waitForExist({ timeout: 15_000 });
    assert.equal(await browser.$('select[name="domain"]').getValue(), "acme");
    assert.equal(await browser.$('select[name="repository"]').getValue(), "packages");
    for (const tool of ["npm", "pip"]) {
      await browser.$(`[data-testid="configure-${tool}"]`).click();
      await browser.$('[data-testid="configure-preview"]').click();
      const diff = await browser.$('[data-testid="configure-diff"]');
      await diff.waitForExist({ timeout: 15_000 });
      const shown = await diff.getText();
      assert.ok(!/_authToken=(?!\*{8})|aws:(?!\*{8})/.test(shown), `the preview masks the token: ${shown}`);
      if (tool === "npm") {
        assert.match(shown, new RegExp(`\\+registry=${process.env.AWNING_E2E_VERDACCIO}`));
        assert.equal(readFileSync(npmrc, "utf8"), adas, "the preview wrote nothing");
        await screenshot("registries-preview", browser);
      }
      await browser.$('[data-testid="configure-write"]').click();
      await browser.$(`[data-testid="registry"][data-tool="${tool}"]`).waitForExist({ timeout: 15_000 });
    }
    const verdaccioHost = process.env.AWNING_E2E_VERDACCIO.replace(/^http:/, "");
    const configured = (token) => `${adas}registry=${process.env.AWNING_E2E_VERDACCIO}\n${verdaccioHost}:_authToken=${token}\n`;
    const npmCard = await browser.$('[data-testid="registry"][data-tool="npm"]');
    assert.match(await npmCard.$('[data-testid="registry-countdown"]').getText(), /^configured for .*\.npmrc · (renews in 0 m \d\d s|renewing the token now)$/);
    await screenshot("registries-configured", browser);
    const firstNpm = tokenIn(npmrc, npmToken);
    const firstPip = tokenIn(pipConf, pipToken);
    const firstEnd = Date.now() + 40_000;
    assert.ok(firstNpm && firstPip, "both files hold a token");
    assert.equal(readFileSync(npmrc, "utf8"), configured(firstNpm), "Ada's lines stay as they were");

    const packageDir = join(registries, "probe");
    mkdirSync(packageDir);
    writeFileSync(join(packageDir, "package.json"), JSON.stringify({ name: "awning-probe", version: "1.0.0" }));
    writeFileSync(join(packageDir, "index.js"), "module.exports = 42;\n");
    await run("npm", ["publish"], { cwd: packageDir, env: tools });

    // The app renews both at half their life, and the files change only in their tokens.
    await fileShows(npmrc, (text) => !text.includes(firstNpm), 60_000, "the npm token's renewal");
    await fileShows(pipConf, (text) => !text.includes(firstPip), 60_000, "the pip token's renewal");
    assert.equal(readFileSync(npmrc, "utf8"), configured(tokenIn(npmrc, npmToken)), "only the token changed");
    // Past the first tokens' end, the tools still install: with the renewed tokens.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstEnd - Date.now() + 1_000)));
    const refused = await fetch(`${process.env.AWNING_E2E_VERDACCIO}awning-probe`, { headers: { authorization: `Bearer ${firstNpm}` } });
    assert.equal(refused.status, 401, "verdaccio refuses the first, ended token");
    const consumer = join(registries, "consumer");
    mkdirSync(consumer);
    await run("npm", ["install", "--no-audit", "--no-fund", "awning-probe"], { cwd: consumer, env: tools });
    assert.ok(existsSync(join(consumer, "node_modules", "awning-probe", "index.js")));
    await run(process.env.AWNING_E2E_PYTHON, ["-m", "pip", "install", "--no-cache-dir", "--no-deps", "--target",
      join(registries, "site"), "awning-probe"], { env: tools });
    assert.ok(existsSync(join(registries, "site", "awning_probe", "__init__.py")));

    for (const tool of ["npm", "pip"]) {
      await browser.$(`[data-testid="registry"][data-tool="${tool}"] [data-testid="registry-undo"]`).click();
      await browser.$(`[data-testid="registry"][data-tool="${tool}"]`).waitForExist({ reverse: true, timeout: 15_000 });
    }
    assert.equal(readFileSync(npmrc, "utf8"), adas, "~/.npmrc is back byte for byte");
    assert.equal(existsSync(pipConf), false, "the pip.conf Awning created is gone");
    await open(browser, "sessions");
  });

  it("shows the device code large while a device sign-in waits, and finishes when it is approved", async () => {
    writeFileSync(join(work, "hold-browser"), "");
    await (await sessionRow(browser, "lab")).$('[data-testid="action-use-code"]').click();
    const code = await browser.$('[data-testid="user-code"]');
    await code.waitForExist({ timeout: 15_000 });
    assert.match(await code.getText(), /^[A-Z0-9]{4}-?[A-Z0-9]{4}$/);
    assert.match(await browser.$('[data-testid="code-validity"]').getText(), /^Valid for \d+ m \d\d s$/);
    const menu = await tray("menu", item.bus, item.path);
    assert.ok(menu.some((entry) => entry.label === "lab — signing in…"), JSON.stringify(menu));
    assert.ok(menu.some((entry) => entry.label === "Cancel sign-in to lab"), JSON.stringify(menu));
    await screenshot("device-code", browser);

    rmSync(join(work, "hold-browser"));
    const opened = readFileSync(join(work, "opened-urls"), "utf8").trim().split("\n");
    await run(process.env.AWNING_E2E_PYTHON, [
      `${process.env.AWNING_E2E_ROOT}/tests/interop/browser.py`, opened.at(-1), "approve",
    ]);
    await waitForState(browser, "lab", "signed-in");
  });

  it("renews a renewable session silently, and warns before one whose renewal is refused ends", async () => {
    // lab's refresh token stops working; demo's keeps working. Both renew 15 s after
    // their sign-in, when 15 minutes are left.
    const labRefresh = (await keychainRecord("lab")).match(/refresh-[A-Za-z0-9_-]+/)[0];
    const revoked = await fetch(`${process.env.AWS_ENDPOINT_URL}/_sandbox/revoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refresh_token: labRefresh }),
    });
    assert.equal(revoked.status, 200);
    const warning = await fileShows(
      notificationsLog,
      (text) => notifications(text).find((n) => n.summary?.startsWith("lab ends in")),
      90_000,
      "the expiry warning for lab",
    );
    assert.match(warning.summary, /^lab ends in 1[34] m$/);
    assert.equal(warning.body, "Sign in again to keep your AWS tools working.");
    assert.ok(warning.actions.includes("sign-in") && warning.actions.includes("Sign in"), JSON.stringify(warning));
    await waitForState(browser, "lab", "expires-soon");

    const demo = await sessionRow(browser, "demo");
    await browser.waitUntil(async () => (await demo.getAttribute("data-expires-at")) !== demoFirstEnd, {
      timeout: 90_000,
      timeoutMsg: "demo was not renewed",
    });
    assert.equal(await demo.getAttribute("data-state"), "signed-in");
    const refreshes = requests().filter((r) => r.path === "/token" && /refresh/.test(JSON.stringify(r)));
    assert.ok(refreshes.length >= 1, "the sandbox saw a refresh");
    const aboutDemo = notifications(readFileSync(notificationsLog, "utf8")).filter((n) => n.summary?.includes("demo"));
    assert.deepEqual(aboutDemo, [], "renewing demo notified nobody");
  });

  it("the Activity page and the log tell the sign-ins, the renewal, the warning and the file written", async () => {
    await open(browser, "activity");
    const said = async () =>
      browser.execute(() => [...document.querySelectorAll('[data-testid="activity-item"] span')].map((e) => e.textContent));
    await browser.waitUntil(async () => (await said()).includes("Renewed demo silently."), {
      timeout: 10_000,
      timeoutMsg: "the Activity page does not show demo's renewal",
    });
    const events = await said();
    assert.ok(events.includes("Signed in to demo.") && events.includes("Signed in to lab."), JSON.stringify(events));
    assert.ok(events.some((e) => /^Warned that lab ends in 1[34] m\.$/.test(e)), JSON.stringify(events));
    assert.ok(events.some((e) => /^Changed .*config, lines \d+–\d+\.$/.test(e)), JSON.stringify(events));
    await screenshot("activity", browser);
    await open(browser, "sessions");

    const log = readFileSync(logFile, "utf8");
    assert.match(log, /INFO awning::activity: \{"kind":"signed-in","session":"demo"\}/);
    assert.match(log, /INFO awning::activity: \{"kind":"renewed","session":"demo"\}/);
    assert.match(log, /\{"kind":"file-changed","file":"[^"]+","lines":\[\{"start":\d+,"end":\d+\}\]\}/);
  });

  it("'Sign out of demo' in the tray signs out in the window, the keychain and the sandbox", async () => {
    const token = (await keychainRecord("demo")).match(/access-[A-Za-z0-9_-]+/)[0];
    await tray("click", item.bus, item.path, "Sign out of demo");
    await waitForState(browser, "demo", "signed-out");
    assert.equal(await keychainRecord("demo"), null);
    const refused = await fetch(
      `${process.env.AWS_ENDPOINT_URL}/federation/credentials?account_id=111122223333&role_name=Developer`,
      { headers: { "x-amz-sso_bearer_token": token } },
    );
    assert.equal(refused.status, 401);
  });

  it("adds a console sign-in in the window, approved in Chromium: tray, Sessions page, a warning before its end, sign out from the tray, fifty tools make one sign-in", async () => {
    const ada = "ada@111122223333";
    const arn = "arn:aws:sts::111122223333:assumed-role/Admin/ada";
    const notifiedFrom = notifications(readFileSync(notificationsLog, "utf8")).length;
    await browser.$('[data-testid="add-console-open"]').click();
    const form = await browser.$('[data-testid="add-console"]');
    await form.waitForExist({ timeout: 10_000 });
    await form.$('input[name="profile"]').setValue("console");
    await form.$('input[name="region"]').setValue("eu-west-1");
    await screenshot("add-console-sign-in", browser);
    await browser.$('[data-testid="add-console-submit"]').click();

    const row = await waitForState(browser, ada, "signed-in");
    assert.equal(await row.$('[data-testid="console-arn"]').getText(), arn);
    assert.match(await row.$('[data-testid="countdown"]').getText(), /^1[45] m \d\d s left · credentials renew every 15 minutes$/);
    const config = readFileSync(process.env.AWS_CONFIG_FILE, "utf8");
    assert.ok(config.includes(`[profile console]\nlogin_session = ${arn}\nregion = eu-west-1\n`), config);
    const menu = await tray("menu", item.bus, item.path);
    assert.ok(menu.some((entry) => /^ada@111122223333 — 1[45] m left$/.test(entry.label)), JSON.stringify(menu));
    assert.ok(menu.some((entry) => entry.label === `Sign out of ${ada}`), JSON.stringify(menu));
    await screenshot("console-signed-in", browser);

    // The session ends 15 minutes and 15 seconds after the sign-in (a short test
    // channel lifetime); no refresh can pass that, so the warning comes.
    const warning = await fileShows(
      notificationsLog,
      (text) => notifications(text).slice(notifiedFrom).find((n) => n.summary?.startsWith(`${ada} ends in`)),
      60_000,
      "the warning before the console session ends",
    );
    assert.match(warning.summary, /^ada@111122223333 ends in 1[45] m$/);
    assert.ok(warning.actions.includes("sign-in"), JSON.stringify(warning));

    const stored = async () =>
      run("secret-tool", ["lookup", "service", "awning-test", "username", `login:${arn}`]).then(({ stdout }) => stdout, () => null);
    assert.ok((await stored())?.includes("BEGIN EC PRIVATE KEY"), "the keychain holds the DPoP key");
    await tray("click", item.bus, item.path, `Sign out of ${ada}`);
    await waitForState(browser, ada, "signed-out");
    assert.equal(await stored(), null);

    // Fifty tools asking the app for the console profile at once: one sign-in.
    const logFrom = requests().length;
    const outputs = await Promise.all(
      Array.from({ length: 50 }, () =>
        run(process.env.AWNING_BIN, ["credential-process", "--profile", "console", "--login"]),
      ),
    );
    assert.equal(new Set(outputs.map(({ stdout }) => JSON.parse(stdout).AccessKeyId)).size, 1);
    const served = requests(logFrom);
    assert.equal(served.filter((r) => r.method === "GET" && r.path === "/v1/authorize").length, 1);
    assert.equal(served.filter((r) => r.path === "/v1/token").length, 1);
    await waitForState(browser, ada, "signed-in");
    await tray("click", item.bus, item.path, `Sign out of ${ada}`);
    await waitForState(browser, ada, "signed-out");
  });

  it("50 parallel credential-process calls for a signed-out session make one sign-in and one notification", async () => {
    const logFrom = requests().length;
    const notifiedFrom = notifications(readFileSync(notificationsLog, "utf8")).length;
    const calls = Array.from({ length: 50 }, () =>
      run(process.env.AWNING_BIN, ["credential-process", "--profile", "sandbox-dev", "--login"], {
        env: { ...process.env, BROWSER: "/bin/false" },
      }),
    );
    const outputs = await Promise.all(calls);
    const keys = new Set(outputs.map(({ stdout }) => JSON.parse(stdout).AccessKeyId));
    assert.equal(keys.size, 1, "every caller got the same credentials");
    const served = requests(logFrom);
    assert.equal(served.filter((r) => r.method === "GET" && r.path === "/authorize").length, 1);
    assert.equal(served.filter((r) => r.path === "/federation/credentials").length, 1);
    const signedIn = await fileShows(
      notificationsLog,
      (text) => notifications(text).slice(notifiedFrom).find((n) => n.summary === "Signed in to demo"),
      15_000,
      "the sign-in notification",
    );
    assert.equal(signedIn.body, "Your AWS tools can use the session now.");
    const since = notifications(readFileSync(notificationsLog, "utf8")).slice(notifiedFrom);
    assert.deepEqual(since.map((n) => n.summary), ["Signed in to demo"], "one notification");
    await waitForState(browser, "demo", "signed-in");
  });

  it("answers 1,000 credential-process calls from 50 callers at once over its socket: none refused, no connection kept", async () => {
    const app = appProcess();
    // Sockets only: WebKit opens files of its own (its memory monitor's /proc and cgroup
    // files) at moments of its choosing; a connection kept per call would be a socket.
    const sockets = () => readdirSync(`/proc/${app}/fd`)
      .map((fd) => { try { return readlinkSync(`/proc/${app}/fd/${fd}`); } catch { return ""; } })
      .filter((target) => target.startsWith("socket:"));
    const served = () => (readFileSync(logFile, "utf8").match(/"kind":"credentials-served","profile":"sandbox-dev"/g) ?? []).length;
    // One call first, so the app's connections to the service (kept for reuse) and its
    // kept role credentials are there before the count.
    await run(process.env.AWNING_BIN, ["credential-process", "--profile", "sandbox-dev"]);
    const [openBefore, servedBefore] = [sockets().length, served()];
    // A refused or failed call rejects, failing the test.
    const throughApp = await credentialLoad(process.env);
    assert.equal(throughApp.keys.size, 1, "every call got the kept credentials");
    await browser.waitUntil(async () => served() === servedBefore + 1_000, {
      timeout: 10_000,
      timeoutMsg: `the app logged ${served() - servedBefore} of 1,000 answers: the others were not its`,
    });
    await browser.waitUntil(async () => sockets().length <= openBefore, {
      timeout: 10_000,
      timeoutMsg: `the app holds ${sockets().length} sockets, ${openBefore} before the calls`,
    });
    // Figures, not assertions: scripts/bench-broker-load.sh asks for them beside the CLI
    // working alone (the same calls, each reading the keychain itself).
    const lines = [figures("through the app's socket", throughApp.times)];
    if (process.env.AWNING_E2E_BENCH === "1") {
      const alone = await credentialLoad({ ...process.env, AWNING_NO_APP: "1" });
      lines.push(figures("the CLI working alone", alone.times));
    }
    writeFileSync(join(shots, "load-figures.txt"), `${lines.join("\n")}\n`);
  });

  it("a needed sign-in is said by the CLI with the command to run, from the app's code", async () => {
    await tray("click", item.bus, item.path, "Sign out of demo");
    await waitForState(browser, "demo", "signed-out");
    const failed = await run(process.env.AWNING_BIN, ["credential-process", "--profile", "sandbox-dev"]).catch((e) => e);
    assert.equal(failed.code, 1);
    assert.equal(
      failed.stderr.trim(),
      "awning: sso-session:demo needs a sign-in; run `awning login --sso-session demo`",
    );
  });

  it("keeps the settings, and 'start at login' writes an autostart entry that starts in the tray", async () => {
    await open(browser, "settings");
    const form = await browser.$('[data-testid="settings"]');
    await form.$('input[name="warnings"]').setValue("30, 10");
    await form.$('input[name="startAtLogin"]').click();
    await form.$('button[type="submit"]').click();
    await browser.$('[data-testid="settings-saved"]').waitForExist({ timeout: 10_000 });
    const kept = JSON.parse(readFileSync(join(dataDir, "settings.json"), "utf8"));
    assert.deepEqual(kept, { warnMinutesBefore: [30, 10], startAtLogin: true, language: "system" });
    // The autostart library writes ~/.config/autostart whatever XDG_CONFIG_HOME says.
    const folder = join(process.env.HOME, ".config", "autostart");
    const [entry] = readdirSync(folder);
    assert.match(readFileSync(join(folder, entry), "utf8"), /^Exec=.*awning-app.* --background$/m);
    await open(browser, "sessions");
  });

  it("choosing 日本語 in Settings switches the window and the tray at once, and back", async () => {
    await open(browser, "settings");
    const form = await browser.$('[data-testid="settings"]');
    await form.$('select[name="language"]').selectByAttribute("value", "ja");
    await form.$('button[type="submit"]').click();
    await browser.waitUntil(async () => (await browser.$('[data-testid="nav-settings"]').getText()) === "設定", {
      timeout: 10_000,
      timeoutMsg: "the window did not switch to Japanese",
    });
    assert.deepEqual(await tray("wait-label", item.bus, item.path, "Awning を開く"), { shown: "Awning を開く" });
    await form.$('select[name="language"]').selectByAttribute("value", "system");
    await form.$('button[type="submit"]').click();
    assert.deepEqual(await tray("wait-label", item.bus, item.path, "Open Awning"), { shown: "Open Awning" });
    assert.equal(await browser.$('[data-testid="nav-settings"]').getText(), "Settings");
    assert.equal(JSON.parse(readFileSync(join(dataDir, "settings.json"), "utf8")).language, "system");
    await open(browser, "sessions");
  });

  it("closing the window destroys it, and the tray builds it again at the size it had", async () => {
    assert.deepEqual(await x11("resize", "Awning", "1040", "700"), { width: 1040, height: 700 });
    await x11("close", "Awning");
    assert.deepEqual(await x11("wait-gone", "Awning"), { gone: true });
    await screenshot("closed-to-tray");
    await tray("click", item.bus, item.path, "Open Awning");
    assert.deepEqual(await x11("wait-mapped", "Awning"), { mapped: true });
    assert.deepEqual(await x11("size", "Awning"), { width: 1040, height: 700 });
  });

  it("'Quit' in the tray menu ends the app", async () => {
    await tray("click", item.bus, item.path, "Quit");
    assert.deepEqual(await tray("wait-gone", item.bus), { gone: item.bus });
    await browser.deleteSession().catch(() => {});
  });
});

describe("Awning in Japanese, on a dark desktop, with the keychain locked at start", { concurrency: false }, () => {
  let browser;
  let item;

  before(async () => {
    await keyring("lock");
    browser = await remote({
      hostname: "127.0.0.1",
      port: 4444,
      logLevel: "error",
      capabilities: { "tauri:options": { application: `${here}app-japanese-dark.sh`, args: ["--background"] } },
    });
  });

  after(async () => {
    await browser?.deleteSession().catch(() => {});
  });

  it("opens the window with the explanation in Japanese, and Retry starts Awning once unlocked", async () => {
    const problem = await browser.$('[data-testid="startup-text"]');
    await problem.waitForExist({ timeout: 20_000 });
    // On a desktop gnome-keyring asks for the password in a window of its own; the probe
    // then times out waiting for it. Without a prompter it says "locked" at once.
    const said = {
      "keychain-locked": "キーチェーンがロックされているか、Awning へのアクセスが拒否されました。",
      "keychain-timeout": "キーチェーンが 2 秒以内に応答しませんでした。ロック解除を待っている可能性があります。",
    };
    const code = await problem.getAttribute("data-code");
    assert.ok(code in said, code);
    assert.equal(await problem.getText(), said[code]);
    assert.equal(await browser.execute(() => matchMedia("(prefers-color-scheme: dark)").matches), true);
    await screenshot("dark-ja-keychain-locked", browser);
    const explained = await browser.$('[data-testid="startup-problem"]');
    assert.equal(await explained.getAttribute("data-answers"), "1");
    await browser.$('[data-testid="startup-retry"]').click();
    await browser.waitUntil(async () => (await explained.getAttribute("data-answers")) === "2", {
      timeout: 10_000,
      timeoutMsg: "Retry was not answered",
    });
    assert.ok((await problem.getAttribute("data-code")) in said, "still locked: still explained");

    await unlockKeyring("awning-e2e");
    await browser.$('[data-testid="remedy-unlock-and-retry"]').click();
    const nav = await browser.$('[data-testid="nav-sessions"]');
    await nav.waitForExist({ timeout: 20_000 });
    assert.equal(await nav.getText(), "セッション");
    item = await tray("item");
  });

  it("shows every page in Japanese in the dark theme, and the tray menu in Japanese", async () => {
    const demo = await waitForState(browser, "demo", "signed-out");
    assert.equal(await demo.$('[data-testid="session-state"]').getText(), "サインアウト済み");
    assert.equal(await demo.$('[data-testid="action-sign-in"]').getText(), "サインイン");
    await screenshotEveryPage(browser, "dark-ja");
    const menu = (await tray("menu", item.bus, item.path)).map((entry) => entry.label);
    assert.ok(menu.includes("demo — サインアウト済み"), JSON.stringify(menu));
    assert.ok(menu.includes("demo にサインイン"), JSON.stringify(menu));
    assert.deepEqual(menu.slice(-2), ["Awning を開く", "終了"]);
  });

  it("notifies in Japanese", async () => {
    const notifiedFrom = notifications(readFileSync(notificationsLog, "utf8")).length;
    const failed = await run(process.env.AWNING_BIN, ["credential-process", "--profile", "sandbox-dev"]).catch((e) => e);
    assert.equal(failed.code, 1);
    const asked = await fileShows(
      notificationsLog,
      (text) => notifications(text).slice(notifiedFrom).find((n) => n.summary === "demo にサインインが必要です"),
      15_000,
      "the Japanese notification",
    );
    assert.equal(asked.body, "プロファイル sandbox-dev が認証情報を求めています。続けるにはサインインしてください。");
    assert.ok(asked.actions.includes("サインイン"), JSON.stringify(asked));
  });

  it("quits from the Japanese tray menu", async () => {
    await tray("click", item.bus, item.path, "終了");
    assert.deepEqual(await tray("wait-gone", item.bus), { gone: item.bus });
  });
});

/** Changes the sandbox's fault knobs. */
async function setFaults(knobs) {
  const changed = await fetch(`${process.env.AWS_ENDPOINT_URL}/_sandbox/faults`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(knobs),
  });
  assert.equal(changed.status, 200);
}

/** The staging files (`.awning-*.tmp`) anywhere under the test's folders. */
const stagingFiles = () => filesUnder(work).filter((file) => /\/\.awning-[^/]*\.tmp$/.test(file));

describe("Awning on a bad day: a notification daemon that never replies, a wall clock that jumps, kill -9 mid-renewal and mid-write", { concurrency: false }, () => {
  const clockFile = join(work, "faketime");
  const config = process.env.AWS_CONFIG_FILE;
  const ada = "ada@111122223333";
  let browser;
  let item;

  async function start() {
    browser = await remote({
      hostname: "127.0.0.1",
      port: 4444,
      logLevel: "error",
      capabilities: { "tauri:options": { application: `${here}app-bad-day.sh`, args: ["--background"] } },
    });
    item = await tray("item");
    await tray("click", item.bus, item.path, "Open Awning");
    await pageBecomes(browser, "visible");
  }

  /** Ends the app as a crash or the OOM killer would, and its WebDriver session with it. */
  async function killApp() {
    process.kill(Number(appProcess()), "SIGKILL");
    await tray("wait-gone", item.bus);
    await browser.deleteSession().catch(() => {});
  }

  before(async () => {
    writeFileSync(clockFile, "+0\n");
    // Warnings 15 and 5 minutes before an end, whatever the suites before chose.
    const settingsFile = join(dataDir, "settings.json");
    const settings = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, "utf8")) : { startAtLogin: false, language: "system" };
    writeFileSync(settingsFile, JSON.stringify({ ...settings, warnMinutesBefore: [15, 5] }));
    if (!readFileSync(config, "utf8").includes("[profile console]\n")) {
      writeFileSync(config, `${readFileSync(config, "utf8")}\n[profile console]\nlogin_session = arn:aws:sts::111122223333:assumed-role/Admin/ada\nregion = eu-west-1\n`);
    }
    await start();
  });

  after(async () => {
    await browser?.deleteSession().catch(() => {});
  });

  it("a notification daemon that never replies holds nothing up: the app gives up on it, says so in its log, and answers on", async () => {
    const dunst = Number(process.env.AWNING_E2E_DUNST_PID);
    const logFrom = readFileSync(logFile, "utf8").length;
    process.kill(dunst, "SIGSTOP");
    try {
      // demo is signed out: the app answers "needs a sign-in" and notifies.
      const failed = await run(process.env.AWNING_BIN, ["credential-process", "--profile", "sandbox-dev"]).catch((e) => e);
      assert.equal(failed.code, 1);
      assert.match(failed.stderr, /needs a sign-in; run `awning login --sso-session demo`/);
      await fileShows(
        logFile,
        (text) => text.slice(logFrom).includes("the notification service did not answer within 5 s"),
        20_000,
        "the app giving up on the stalled notification daemon",
      );
      // While it waited and after, the tray, the window and the socket all answered.
      const menu = (await tray("menu", item.bus, item.path)).map((entry) => entry.label);
      assert.ok(menu.includes("Sign in to demo"), JSON.stringify(menu));
      await open(browser, "activity");
      await open(browser, "sessions");
      await waitForState(browser, "demo", "signed-out");
      const again = await run(process.env.AWNING_BIN, ["credential-process", "--profile", "sandbox-dev"]).catch((e) => e);
      assert.equal(again.code, 1);
    } finally {
      process.kill(dunst, "SIGCONT");
    }
  });

  it("the wall clock jumping forward past a warning, as after a sleep: the warning comes within a minute", async () => {
    const served = await run(process.env.AWNING_BIN, ["credential-process", "--profile", "console", "--login"]);
    assert.ok(JSON.parse(served.stdout).AccessKeyId);
    await waitForState(browser, ada, "signed-in");
    const notifiedFrom = notifications(readFileSync(notificationsLog, "utf8")).length;
    // 290 s: past the warning (due 4 minutes after the sign-in), and within the five
    // minutes of clock skew AWS Sign-In allows a DPoP proof, so renewals go on.
    writeFileSync(clockFile, "+290\n");
    const warning = await fileShows(
      notificationsLog,
      (text) => notifications(text).slice(notifiedFrom).find((n) => n.summary?.startsWith(`${ada} ends in`)),
      75_000,
      "the warning after the clock jumped",
    );
    assert.match(warning.summary, /^ada@111122223333 ends in 1[34] m$/);
    assert.ok(warning.actions.includes("sign-in"), JSON.stringify(warning));
    // The clock stays ahead from here on: times the app keeps are its own clock's, so
    // only a jump matters, and a jump back is another test.
    await tray("click", item.bus, item.path, `Sign out of ${ada}`);
    await waitForState(browser, ada, "signed-out");
  });

  it("kill -9 in the middle of a renewal, then a restart: still signed in, the config as it was, nothing half-written", async () => {
    const configBefore = readFileSync(config, "utf8");
    const from = requests().length;
    await (await sessionRow(browser, "demo")).$('[data-testid="action-sign-in"]').click();
    const row = await waitForState(browser, "demo", "signed-in");
    // Its tokens last 15 minutes and 15 seconds: the app renews each 15 s after it came.
    // The first renewal runs free (after the sign-in's own requests); the sandbox logs
    // the second as it arrives, then holds its answer for 30 s.
    const signedInUntil = await row.getAttribute("data-expires-at");
    await browser.waitUntil(async () => (await row.getAttribute("data-expires-at")) !== signedInUntil, {
      timeout: 60_000,
      timeoutMsg: "demo was not renewed",
    });
    await setFaults({ latency_ms: 30_000 });
    const refreshes = () => requests(from).filter((r) => r.path === "/token" && /refresh_token/.test(JSON.stringify(r))).length;
    await fileShows(sandboxLog, () => refreshes() === 2, 60_000, "the second renewal reaching the sandbox");
    await killApp();
    await setFaults({ latency_ms: 0 });

    await start();
    await waitForState(browser, "demo", "signed-in");
    const served = await run(process.env.AWNING_BIN, ["credential-process", "--profile", "sandbox-dev"]);
    assert.ok(JSON.parse(served.stdout).SessionToken);
    assert.equal(readFileSync(config, "utf8"), configBefore);
    JSON.parse((await run(process.env.AWNING_BIN, ["status", "--json"])).stdout);
    assert.deepEqual(stagingFiles(), []);
    await tray("click", item.bus, item.path, "Sign out of demo");
    await waitForState(browser, "demo", "signed-out");
  });

  it("kill -9 in the middle of a config write, then a restart: the old file or the new one, never half of one", async () => {
    // 5,000 profiles, so the write takes long enough to be cut.
    const before = readFileSync(config, "utf8") +
      Array.from({ length: 5000 }, (_, n) => `\n# team ${n}\n[profile team-${n}]\nregion = eu-west-1\n`).join("");
    writeFileSync(config, before);
    const moveToMumbai = async (form) => form.$('input[name="region"]').setValue("ap-south-1");
    await open(browser, "profiles");
    await findProfile(browser, "sandbox-dev");
    await browser.$('button[aria-label="Edit sandbox-dev"]').click();
    const editor = await browser.$('[data-testid="profile-editor"]');
    await editor.$('[data-testid="profile-form"]').waitForDisplayed({ timeout: 10_000 });
    await browser.waitUntil(async () => (await editor.$('input[name="name"]').getValue()) === "sandbox-dev", {
      timeout: 10_000, timeoutMsg: "the editor did not fill in sandbox-dev",
    });
    await moveToMumbai(editor);
    await editor.$('[data-testid="editor-preview"]').click();
    await editor.$('[data-testid="editor-write"]').waitForExist({ timeout: 10_000 });
    await editor.$('[data-testid="editor-write"]').click();
    await killApp();
    const found = readFileSync(config, "utf8");

    // The same write, whole, from the old file: what a completed one gives.
    writeFileSync(config, before);
    await start();
    await open(browser, "profiles");
    await writeProfile(browser, "sandbox-dev", moveToMumbai);
    const after = readFileSync(config, "utf8");
    assert.notEqual(after, before);
    assert.ok(found === before || found === after, "never a half-written config");
    assert.equal((await botocoreSees(["sandbox-dev"]))["sandbox-dev"].region, "ap-south-1");
    assert.deepEqual(stagingFiles(), [], "the next write cleared what the killed one left");
    await tray("click", item.bus, item.path, "Quit");
    await tray("wait-gone", item.bus);
  });
});

describe("After every suite", () => {
  it("after sign-ins, renewals, credentials and sign-outs, no secret the sandbox issued is in the log or any file", async () => {
    const secrets = await issuedSecrets();
    for (const kind of ["access-", "refresh-", "secret-", "session-token-"]) {
      assert.ok(secrets.some((s) => s.startsWith(kind)), `the sandbox issued ${kind}… secrets`);
    }
    const log = readFileSync(logFile, "utf8");
    assert.match(log, /"kind":"signed-out","session":"demo"/);
    assert.match(log, /"kind":"credentials-served","profile":"sandbox-dev"/);
    // The sandbox's own request log holds what it was sent, by design; screenshots hold
    // no text. Everything else the run left: the home, data folders, captured
    // notifications, the daemons' logs.
    const captured = filesUnder(shots).filter((f) => f !== sandboxLog && !f.endsWith(".png"));
    assert.ok(captured.includes(notificationsLog), "the captured notifications are searched");
    for (const file of [...filesUnder(work), ...captured].filter((f) => statSync(f).size < 5_000_000)) {
      const text = readFileSync(file);
      for (const secret of secrets) assert.ok(!text.includes(secret), `${secret.slice(0, 12)}… is in ${file}`);
    }
    sampleCommandLines();
    assert.ok([...commandLines].some((line) => line.includes("credential-process")), "the CLI's runs were seen");
    for (const line of commandLines) {
      for (const secret of secrets) assert.ok(!line.includes(secret), `${secret.slice(0, 12)}… was in a command line`);
    }
  });
});
