// Before each unit test: a fresh fake host, the shared stores forgotten, English.
import { beforeEach } from "vitest";
import { createFakeHost, useHost } from "../ipc";
import { setLanguage } from "../i18n/index.svelte";
import { resetSessions } from "../stores/sessions.svelte";

// jsdom lays nothing out and has no ResizeObserver (which `bind:clientHeight` uses):
// there every element measures 0, so a virtual list shows its first rows only.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

beforeEach(() => {
  useHost(createFakeHost());
  resetSessions();
  setLanguage("en");
});
