// The desktop app, end to end: real binary, real WebKitGTK, real tray over D-Bus.
// Run through ./run.sh, which provides the display, the bus, the tray host and tauri-driver.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { remote } from "webdriverio";

const run = promisify(execFile);
const here = new URL(".", import.meta.url).pathname;
const shots = process.env.AWNING_E2E_OUT;
const application = process.env.AWNING_APP_BINARY;

async function python(script, ...args) {
  const { stdout } = await run("/usr/bin/python3", [`${here}${script}`, ...args]);
  return JSON.parse(stdout);
}
const tray = (...args) => python("tray.py", ...args);
const x11 = (...args) => python("x11.py", ...args);

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

describe("Awning desktop app", { concurrency: false }, () => {
  let browser;
  let item;

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

  it("registers a tray item with the Awning icon and its menu", async () => {
    const props = await tray("props", item.bus, item.path);
    assert.equal(props.Status, "Active");
    assert.match(props.IconName, /\.png$/);
    assert.ok(existsSync(props.IconName), `tray icon file ${props.IconName} missing`);
    const menu = await tray("menu", item.bus, item.path);
    assert.deepEqual(
      menu.map((entry) => entry.label),
      ["Open Awning", "Quit"],
    );
    await screenshot("tray-registered");
  });

  it("starts in the background with no window, and 'Open Awning' shows it", async () => {
    assert.deepEqual(await x11("mapped", "Awning"), { mapped: false });
    await tray("click", item.bus, item.path, "Open Awning");
    await pageBecomes(browser, "visible");
    assert.deepEqual(await x11("mapped", "Awning"), { mapped: true });
    await screenshot("opened-from-tray", browser);
  });

  it("shows the profiles of AWS_CONFIG_FILE, read by the engine over typed IPC", async () => {
    await browser.$('[data-testid="profile-row"]').waitForExist({ timeout: 10_000 });
    const table = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="profile-row"]')].map((row) =>
        [...row.children].map((cell) => cell.textContent),
      ),
    );
    assert.deepEqual(table, [
      ["default", "Settings only", "—", "eu-west-1"],
      ["sandbox-dev", "IAM Identity Center", "demo", "eu-west-1"],
      ["old admin", "IAM Identity Center (legacy, no refresh)", "—", "—"],
      ["build", "Credential process", "—", "—"],
    ]);
    const configFile = await browser.$('[data-testid="config-file"]').getText();
    assert.equal(configFile, process.env.AWS_CONFIG_FILE);
    await screenshot("profiles", browser);
  });

  it("closing the window keeps Awning in the tray, and the tray brings it back", async () => {
    await x11("close", "Awning");
    await pageBecomes(browser, "hidden");
    assert.deepEqual(await x11("mapped", "Awning"), { mapped: false });
    await screenshot("closed-to-tray");
    await tray("click", item.bus, item.path, "Open Awning");
    await pageBecomes(browser, "visible");
    assert.deepEqual(await x11("mapped", "Awning"), { mapped: true });
  });

  it("'Quit' in the tray menu ends the app", async () => {
    await tray("click", item.bus, item.path, "Quit");
    assert.deepEqual(await tray("wait-gone", item.bus), { gone: item.bus });
    await screenshot("after-quit");
  });
});
