import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { createFakeHost, useHost } from "../../ipc";
import { session } from "../../ipc/fake";
import ProfilesPage from "./ProfilesPage.svelte";

describe("ProfilesPage", () => {
  it("shows each profile with how it signs in, its session, region and the session's live state", async () => {
    const fake = createFakeHost({
      sessions: [session("corp", { state: "signed-in", actions: ["sign-out"] })],
      profiles: {
        configFile: "/home/ada/.aws/config",
        profiles: [
          { name: "dev", kind: "sso-session", ssoSession: "corp", region: "eu-west-1" },
          { name: "default", kind: "no-credentials", ssoSession: null, region: null },
        ],
      },
    });
    useHost(fake);
    render(ProfilesPage);
    const rows = () =>
      screen.getAllByTestId("profile-row").map((row) => [...row.children].map((cell) => cell.textContent));
    await waitFor(() =>
      expect(rows()).toEqual([
        ["dev", "IAM Identity Center", "corp", "eu-west-1", "Signed in"],
        ["default", "Settings only", "—", "—", "—"],
      ]),
    );
    expect(screen.getByTestId("config-file").textContent).toBe("/home/ada/.aws/config");
    fake.state.sessions[0].state = "needs-sign-in";
    fake.publish();
    await waitFor(() => expect(rows()[0][4]).toBe("Needs sign-in"));
  });

  it("says where it looked when there are no profiles", async () => {
    useHost(createFakeHost({ profiles: { configFile: "/tmp/none", profiles: [] } }));
    render(ProfilesPage);
    expect((await screen.findByTestId("profiles-empty")).textContent).toContain("/tmp/none");
  });

  it("words a config that cannot be read from its code, and reloads", async () => {
    const fake = createFakeHost();
    fake.failNext("listProfiles", { code: "config-unreadable", file: "/x", detail: "Permission denied (os error 13)" });
    useHost(fake);
    render(ProfilesPage);
    const alert = await screen.findByTestId("profiles-error");
    expect(within(alert).getByTestId("profiles-error-text").textContent).toBe("Awning cannot read /x.");
    expect(alert.textContent).toContain("Details: Permission denied (os error 13)");
    await fireEvent.click(within(alert).getByRole("button", { name: "Reload" }));
    expect(await screen.findByTestId("profiles")).toBeTruthy();
  });
});
