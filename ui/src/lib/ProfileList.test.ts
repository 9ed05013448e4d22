import { render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ProfileList as Profiles } from "../ipc";
import ProfileList from "./ProfileList.svelte";

const listProfiles = vi.fn();
const signedInCorp = {
  sessions: [
    { name: "corp", state: "signed-in", expiresAt: null, renewsSilently: true, configured: true, signIn: null, problem: null },
  ],
  configProblem: null,
};
vi.mock("../ipc", () => ({
  commands: {
    listProfiles: () => listProfiles(),
    sessions: () => Promise.resolve({ status: "ok", data: signedInCorp }),
  },
  events: { sessionsChanged: { listen: () => Promise.resolve(() => {}) } },
}));

const ok = (data: Profiles) => ({ status: "ok", data });

describe("ProfileList", () => {
  beforeEach(() => listProfiles.mockReset());

  it("shows each profile with how it signs in, its session and region", async () => {
    listProfiles.mockResolvedValue(
      ok({
        configFile: "/home/ada/.aws/config",
        profiles: [
          { name: "dev", kind: "sso-session", ssoSession: "corp", region: "eu-west-1" },
          { name: "default", kind: "no-credentials", ssoSession: null, region: null },
        ],
      }),
    );
    render(ProfileList);
    // The profiles and their sessions' states arrive separately; wait for both.
    await waitFor(() => {
      const rows = screen.getAllByTestId("profile-row");
      expect(rows.map((row) => [...row.children].map((cell) => cell.textContent))).toEqual([
        ["dev", "IAM Identity Center", "corp", "eu-west-1", "Signed in"],
        ["default", "Settings only", "—", "—", "—"],
      ]);
    });
    expect(screen.getByTestId("config-file").textContent).toBe("/home/ada/.aws/config");
  });

  it("says where it looked when there are no profiles", async () => {
    listProfiles.mockResolvedValue(ok({ configFile: "/tmp/none", profiles: [] }));
    render(ProfileList);
    expect((await screen.findByTestId("profiles-empty")).textContent).toContain("/tmp/none");
  });

  it("shows the engine's sentence when the config cannot be read", async () => {
    const message = "cannot read the AWS config file /x: Permission denied — check that it is a file you can read";
    listProfiles.mockResolvedValue({ status: "error", error: { code: "config-unreadable", message } });
    render(ProfileList);
    expect((await screen.findByRole("alert")).textContent).toBe(message);
  });
});
