import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { createFakeHost, useHost } from "../../ipc";
import SettingsPage from "./SettingsPage.svelte";

describe("SettingsPage", () => {
  it("saves the lead times, start at login and language, and the window switches language", async () => {
    const fake = createFakeHost();
    useHost(fake);
    render(SettingsPage);
    const warnings = await screen.findByLabelText("Warn before a session I must renew ends (minutes)");
    await waitFor(() => expect((warnings as HTMLInputElement).value).toBe("15, 5"));
    await fireEvent.input(warnings, { target: { value: "30, 10" } });
    await fireEvent.click(screen.getByLabelText("Start Awning in the tray when I log in"));
    await fireEvent.change(screen.getByLabelText("Language"), { target: { value: "ja" } });
    await fireEvent.submit(screen.getByTestId("settings"));
    await screen.findByTestId("settings-saved");
    expect(fake.calls.at(-1)).toEqual(["saveSettings", { warnMinutesBefore: [30, 10], startAtLogin: true, language: "ja" }]);
    expect(screen.getByRole("heading").textContent).toBe("設定");
    expect(screen.getByTestId("settings-saved").textContent?.trim()).toBe("保存しました。");
  });

  it("names a lead time out of range from the engine's field problem", async () => {
    const fake = createFakeHost();
    fake.failNext("saveSettings", {
      code: "invalid-fields",
      fields: [{ field: "warnMinutesBefore", rule: { rule: "out-of-range", value: 0, min: 1, max: 1440 } }],
    });
    useHost(fake);
    render(SettingsPage);
    await fireEvent.submit(await screen.findByTestId("settings"));
    expect((await screen.findByTestId("problem-warnings")).textContent).toBe("Enter whole minutes from 1 to 1440.");
  });

  it("says when the kept settings were damaged and these are the defaults, until saved", async () => {
    const fake = createFakeHost();
    fake.state.settings.problem = { code: "settings-damaged", file: "/data/settings.json" };
    useHost(fake);
    render(SettingsPage);
    expect((await screen.findByTestId("settings-damaged-text")).textContent).toBe(
      "The settings in /data/settings.json are damaged; Awning uses its defaults until you save them again.",
    );
    await fireEvent.submit(screen.getByTestId("settings"));
    await waitFor(() => expect(screen.queryByTestId("settings-damaged")).toBeNull());
  });
});
