import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { createFakeHost, useHost } from "../../ipc";
import { profileList, profileRow, session } from "../../ipc/fake";
import ProfilesPage from "./ProfilesPage.svelte";

const cells = () =>
  screen.getAllByTestId("profile-row").map((row) => [...row.children].map((cell) => cell.textContent?.trim()));
const names = () => cells().map((row) => row[0]);

describe("ProfilesPage", () => {
  it("shows each profile with how it signs in, its account, role, region, session and live state", async () => {
    const fake = createFakeHost({
      sessions: [session("corp", { state: "signed-in", actions: ["sign-out"] })],
      profiles: profileList(
        [
          profileRow("dev", { accountName: "Development", region: "eu-west-1" }),
          profileRow("default", { kind: "no-credentials", ssoSession: null, accountId: null, accountName: null, role: null, region: null }),
        ],
        { configFile: "/home/ada/.aws/config" },
      ),
    });
    useHost(fake);
    render(ProfilesPage);
    await waitFor(() =>
      expect(cells()).toEqual([
        ["default", "Settings only", "—", "—", "—", "—", "—"],
        ["dev", "IAM Identity Center", "Development 111122223333", "Developer", "eu-west-1", "corp", "Signed in"],
      ]),
    );
    expect(screen.getByTestId("config-file").textContent).toBe("/home/ada/.aws/config");
    fake.state.sessions[0].state = "needs-sign-in";
    fake.publish();
    await waitFor(() => expect(cells()[1][6]).toBe("Needs sign-in"));
  });

  it("searches as you type, filters by kind and session, and says how many it shows", async () => {
    useHost(createFakeHost({
      profiles: profileList([
        profileRow("prod-admin", { accountId: "444455556666", accountName: "Production", role: "Admin" }),
        profileRow("dev"),
        profileRow("lab-dev", { ssoSession: "lab" }),
        profileRow("keys", { kind: "static-keys", ssoSession: null }),
      ]),
    }));
    render(ProfilesPage);
    const search = await screen.findByRole("searchbox", { name: "Search profiles" });
    expect(screen.getByTestId("profiles-count").textContent?.trim()).toBe("4 of 4");
    await fireEvent.input(search, { target: { value: "production" } });
    expect(names()).toEqual(["prod-admin"]);
    expect(screen.getByTestId("profiles-count").textContent?.trim()).toBe("1 of 4");
    await fireEvent.input(search, { target: { value: "" } });
    await fireEvent.change(screen.getByRole("combobox", { name: "Session" }), { target: { value: "lab" } });
    expect(names()).toEqual(["lab-dev"]);
    await fireEvent.input(search, { target: { value: "nothing-like-it" } });
    expect(screen.getByTestId("profiles-none-match")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Show all" }));
    expect(names()).toEqual(["dev", "keys", "lab-dev", "prod-admin"]);
    await fireEvent.change(screen.getByRole("combobox", { name: "Kind" }), { target: { value: "static-keys" } });
    expect(names()).toEqual(["keys"]);
  });

  it("puts only the rows on screen in the page, however many profiles there are", async () => {
    const many = Array.from({ length: 5000 }, (_, index) => profileRow(`profile-${index}`));
    useHost(createFakeHost({ profiles: profileList(many) }));
    render(ProfilesPage);
    await screen.findByTestId("profile-rows");
    expect(screen.getByTestId("profiles-count").textContent?.trim()).toBe("5,000 of 5,000");
    expect(screen.getAllByTestId("profile-row").length).toBeLessThan(50);
    expect(screen.getByTestId("profiles").getAttribute("aria-rowcount")).toBe("5001");
  });

  it("says where it looked when there are no profiles", async () => {
    useHost(createFakeHost({ profiles: profileList([], { configFile: "/tmp/none" }) }));
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
