// Before each unit test: a fresh fake host, the shared stores forgotten, English.
import { beforeEach } from "vitest";
import { createFakeHost, useHost } from "../ipc";
import { setLanguage } from "../i18n/index.svelte";
import { resetSessions } from "../stores/sessions.svelte";

beforeEach(() => {
  useHost(createFakeHost());
  resetSessions();
  setLanguage("en");
});
