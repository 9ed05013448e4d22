import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { createFakeHost, useHost } from "./ipc";
import App from "./App.svelte";

describe("App", () => {
  it("reaches every page from the navigation, marking the current one", async () => {
    render(App);
    for (const [id, heading] of [
      ["profiles", "Profiles"],
      ["registries", "Package registries"],
      ["settings", "Settings"],
      ["activity", "Activity"],
      ["sessions", "Sessions"],
    ]) {
      const link = await screen.findByTestId(`nav-${id}`);
      await fireEvent.click(link);
      expect(link.getAttribute("aria-current")).toBe("page");
      expect(screen.getByTestId(`page-${id}`).querySelector("h1")?.textContent).toBe(heading);
    }
    expect(screen.getByTestId("page-sessions")).toBeTruthy();
  });

  it("speaks the language the shell says, from the first screen", async () => {
    useHost(createFakeHost({ startup: { problem: null, language: "ja" } }));
    render(App);
    expect((await screen.findByTestId("nav-sessions")).textContent).toBe("セッション");
  });

  it("explains a keychain it could not use at start, and starts once Retry finds it unlocked", async () => {
    const fake = createFakeHost({ startup: { problem: { code: "keychain-locked" }, language: "en" }, unlocked: false });
    useHost(fake);
    render(App);
    expect((await screen.findByTestId("startup-text")).textContent).toBe("The keychain is locked or refused Awning access.");
    await fireEvent.click(screen.getByTestId("startup-retry"));
    expect(await screen.findByTestId("startup-text")).toBeTruthy();
    fake.state.unlocked = true;
    await fireEvent.click(screen.getByRole("button", { name: "Unlock the keychain and try again" }));
    expect(await screen.findByTestId("nav-sessions")).toBeTruthy();
    expect(fake.calls.filter(([name]) => name === "retryStartup")).toHaveLength(2);
  });
});
