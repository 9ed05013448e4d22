import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { createFakeHost, useHost, type FakeHost } from "../../ipc";
import { consoleSession, session } from "../../ipc/fake";
import SessionsPage from "./SessionsPage.svelte";

function withHost(seed: Parameters<typeof createFakeHost>[0] = {}): FakeHost {
  const fake = createFakeHost(seed);
  useHost(fake);
  return fake;
}

/** The card of session `name`, once it is drawn. */
const card = (name: string) =>
  waitFor(() => {
    const found = screen.queryAllByTestId("session").find((element) => element.dataset.name === name);
    if (!found) throw new Error(`no card for ${name}`);
    return found;
  });
const buttons = (element: HTMLElement) =>
  within(element)
    .queryAllByRole("button")
    .map((button) => button.textContent?.trim());

describe("SessionsPage", () => {
  it("shows each session with its state, countdown and the actions the engine allows", async () => {
    withHost({
      sessions: [
        session("corp", { state: "signed-in", expiresAt: Date.now() + 3_600_000 + 5_000, renewsSilently: true, actions: ["sign-out", "remove"] }),
        session("lab"),
        session("old", { state: "needs-sign-in", configured: false, actions: ["sign-out"] }),
      ],
    });
    render(SessionsPage);
    const corp = await card("corp");
    expect(within(corp).getByTestId("session-state").textContent).toBe("Signed in");
    expect(within(corp).getByTestId("countdown").textContent?.trim()).toMatch(/^1 h 0 m left · renews silently$/);
    expect(buttons(corp)).toEqual(["Sign out", "Remove"]);
    expect(buttons(await card("lab"))).toEqual(["Sign in", "Use a code", "Remove"]);
    expect(buttons(await card("old"))).toEqual(["Sign out"]);
  });

  it("shows the device code while a device sign-in waits, and the result once approved", async () => {
    const fake = withHost({ sessions: [session("lab")] });
    render(SessionsPage);
    await fireEvent.click(within(await card("lab")).getByTestId("action-use-code"));
    expect((await screen.findByTestId("user-code")).textContent).toBe("WDJB-MJHT");
    expect(screen.getByTestId("code-validity").textContent?.trim()).toMatch(/^Valid for (9 m 5\d|10 m 00) s$/);
    expect(fake.calls.at(-1)).toEqual(["signIn", "sso-session:lab", true]);
    fake.approve("lab");
    await waitFor(() => expect(screen.queryByTestId("sign-in-panel")).toBeNull());
    expect((await card("lab")).dataset.state).toBe("signed-in");
  });

  it("cancels a sign-in under way", async () => {
    const fake = withHost({ sessions: [session("lab")] });
    render(SessionsPage);
    await fireEvent.click(within(await card("lab")).getByTestId("action-sign-in"));
    await fireEvent.click(await screen.findByTestId("action-cancel"));
    expect(fake.calls.at(-1)).toEqual(["cancelSignIn", "sso-session:lab"]);
    await waitFor(() => expect(screen.queryByTestId("sign-in-panel")).toBeNull());
  });

  it("offers to unlock the keychain and try again when the keychain is locked, and retries", async () => {
    const fake = withHost({ sessions: [session("lab")] });
    fake.failNext("signIn", { code: "keychain-locked" });
    render(SessionsPage);
    await fireEvent.click(within(await card("lab")).getByTestId("action-sign-in"));
    const alert = await screen.findByTestId("session-error");
    expect(within(alert).getByTestId("session-error-text").textContent).toBe(
      "The keychain is locked or refused Awning access.",
    );
    await fireEvent.click(within(alert).getByRole("button", { name: "Unlock the keychain and try again" }));
    await waitFor(() => expect(screen.queryByTestId("session-error")).toBeNull());
    expect(fake.calls.filter(([name]) => name === "signIn")).toHaveLength(2);
  });

  it("names each bad field of the add-session form, in words from its code", async () => {
    const fake = withHost({ sessions: [] });
    render(SessionsPage);
    await fireEvent.click(await screen.findByTestId("add-session-open"));
    fake.failNext("addSession", {
      code: "invalid-fields",
      fields: [
        { field: "startUrl", rule: { rule: "not-https" } },
        { field: "scopes", rule: { rule: "not-scope", scope: "b!" } },
      ],
    });
    const form = screen.getByTestId("add-session");
    await fireEvent.submit(form);
    expect((await screen.findByTestId("problem-startUrl")).textContent).toMatch(/must begin with https:\/\//);
    expect(screen.getByTestId("problem-scopes").textContent).toBe("`b!` is not a scope; scopes look like `sso:account:access`.");
    expect(screen.queryByTestId("problem-name")).toBeNull();
    await fireEvent.input(within(form).getByLabelText("Name"), { target: { value: "corp" } });
    await fireEvent.submit(form);
    expect(await card("corp")).toBeTruthy();
    expect(fake.calls.at(-1)?.[0]).toBe("addSession");
  });

  it("asks before removing a session, and keeps it when told to", async () => {
    const fake = withHost({ sessions: [session("lab")] });
    render(SessionsPage);
    await fireEvent.click(within(await card("lab")).getByTestId("action-remove"));
    const dialog = screen.getByTestId("remove-dialog");
    expect(within(dialog).getByRole("heading").textContent).toBe("Remove lab?");
    await fireEvent.click(within(dialog).getByRole("button", { name: "Keep it" }));
    expect(fake.calls.some(([name]) => name === "removeSession")).toBe(false);
    await fireEvent.click(within(await card("lab")).getByTestId("action-remove"));
    await fireEvent.click(screen.getByTestId("remove-confirm"));
    await waitFor(() => expect(screen.queryByTestId("session")).toBeNull());
    expect(fake.calls.at(-1)).toEqual(["removeSession", "lab"]);
  });

  it("shows a console session's identity and counts down to its 12-hour end", async () => {
    withHost({ sessions: [consoleSession({ sessionEndsAt: Date.now() + 11 * 3_600_000 + 20 * 60_000 + 5_000 })] });
    render(SessionsPage);
    const ada = await card("ada@111122223333");
    expect(within(ada).getByTestId("console-arn").textContent).toBe("arn:aws:sts::111122223333:assumed-role/Admin/ada");
    expect(within(ada).getByTestId("countdown").textContent?.trim()).toBe(
      "11 h 20 m left · credentials renew every 15 minutes",
    );
    expect(within(ada).getByTestId("console-identity").textContent).toContain("console");
    expect(buttons(ada)).toEqual(["Sign out"]);
  });

  it("takes the code of a remote console sign-in in the window", async () => {
    const fake = withHost({
      sessions: [consoleSession({ state: "needs-sign-in", renewsSilently: false, actions: ["sign-in", "use-code"] })],
    });
    render(SessionsPage);
    await fireEvent.click(within(await card("ada@111122223333")).getByTestId("action-use-code"));
    expect((await screen.findByTestId("remote-url")).textContent).toMatch(/\/v1\/authorize$/);
    await fireEvent.input(screen.getByTestId("remote-code"), { target: { value: "c3RhdGU9cyZjb2RlPWM=" } });
    await fireEvent.submit(screen.getByTestId("remote-code-form"));
    expect(fake.calls.at(-1)).toEqual(["submitCode", "login:arn:aws:sts::111122223333:assumed-role/Admin/ada", "c3RhdGU9cyZjb2RlPWM="]);
    await waitFor(() => expect(screen.queryByTestId("sign-in-panel")).toBeNull());
  });

  it("adds a console sign-in for a profile, naming a bad field in words", async () => {
    const fake = withHost({ sessions: [] });
    render(SessionsPage);
    await fireEvent.click(await screen.findByTestId("add-console-open"));
    fake.failNext("addConsoleSignIn", { code: "invalid-fields", fields: [{ field: "name", rule: { rule: "taken" } }] });
    await fireEvent.submit(await screen.findByTestId("add-console"));
    expect((await screen.findByTestId("problem-profile")).textContent).toBeTruthy();
    await fireEvent.input(within(screen.getByTestId("add-console")).getByLabelText("Profile"), { target: { value: "me" } });
    await fireEvent.submit(screen.getByTestId("add-console"));
    expect(fake.calls.at(-1)).toEqual(["addConsoleSignIn", { profile: "me", region: "us-east-1", remote: false }]);
    expect((await card("ada@111122223333")).dataset.state).toBe("signed-in");
  });

  it("says so when there are no sessions", async () => {
    withHost({ sessions: [] });
    render(SessionsPage);
    expect((await screen.findByTestId("sessions-empty")).textContent).toContain("No sessions yet");
  });
});
