import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { createFakeHost, useHost, type FakeHost, type ProfileWriteView } from "../../ipc";
import { profileList, profileRow } from "../../ipc/fake";
import ProfilesPage from "./ProfilesPage.svelte";

function page(): FakeHost {
  const fake = createFakeHost({
    profiles: profileList([profileRow("dev"), profileRow("keys", { kind: "static-keys", ssoSession: null })]),
  });
  useHost(fake);
  render(ProfilesPage);
  return fake;
}

const names = () =>
  screen.getAllByTestId("profile-row").map((row) => row.children[0].querySelector("button")?.textContent?.trim());
const editor = () => screen.getByTestId("profile-editor");
const type = (name: string, value: string) =>
  fireEvent.input(editor().querySelector(`[name="${name}"]`)!, { target: { value } });
const writes = (fake: FakeHost) =>
  fake.calls.filter(([command]) => command === "previewProfileWrite").map(([, write]) => write as ProfileWriteView);

describe("the profile editor", () => {
  it("creates a profile through the preview, and Undo takes it back", async () => {
    const fake = page();
    await fireEvent.click(await screen.findByTestId("profile-new"));
    await type("name", "prod");
    await type("accountId", "444455556666");
    await type("roleName", "Admin");
    await fireEvent.click(screen.getByTestId("editor-preview"));
    expect((await screen.findByTestId("editor-diff")).textContent).toContain("+[profile prod]");
    expect(names()).toEqual(["dev", "keys"]); // nothing is written before Save
    await fireEvent.click(screen.getByTestId("editor-write"));
    await waitFor(() => expect(names()).toEqual(["dev", "keys", "prod"]));
    const saved = screen.getByTestId("profile-saved");
    expect(saved.textContent).toContain("Saved ~/.aws/config.");
    const [write] = writes(fake);
    expect(write).toMatchObject({
      action: "save",
      original: null,
      form: { name: "prod", credentials: { kind: "sso-session", session: "corp", accountId: "444455556666", roleName: "Admin" } },
    });
    await fireEvent.click(within(saved).getByRole("button", { name: "Undo" }));
    await waitFor(() => expect(names()).toEqual(["dev", "keys"]));
    expect(screen.getByTestId("profile-saved").textContent).toContain("Undone");
  });

  it("names what is wrong under each field, and writes nothing", async () => {
    const fake = page();
    await fireEvent.click(await screen.findByTestId("profile-new"));
    await type("name", "dev");
    await fireEvent.click(screen.getByTestId("editor-preview"));
    expect((await screen.findByTestId("problem-name")).textContent).toBe("This name is taken; choose another.");
    expect(screen.queryByTestId("editor-changes")).toBeNull();
    expect(fake.calls.some(([command]) => command === "applyProfileWrite")).toBe(false);
  });

  it("opens a profile from the list with its fields, the secret never shown, and sends one only when typed", async () => {
    const fake = page();
    await fireEvent.click(await screen.findByRole("button", { name: "Edit keys" }));
    await waitFor(() => expect(editor().querySelector<HTMLInputElement>('[name="accessKeyId"]')?.value).toBe("AKIAIOSFODNN7EXAMPLE"));
    const secret = editor().querySelector<HTMLInputElement>('[name="secretAccessKey"]')!;
    expect(secret.value).toBe("");
    expect(secret.type).toBe("password");
    expect(editor().textContent).toContain("Leave empty to keep the secret key");
    await fireEvent.click(screen.getByTestId("editor-preview"));
    await screen.findByTestId("editor-changes");
    await fireEvent.click(screen.getByRole("button", { name: "Back to the form" }));
    await fireEvent.input(editor().querySelector('[name="secretAccessKey"]')!, { target: { value: "typed-secret" } });
    await fireEvent.click(screen.getByTestId("editor-preview"));
    await screen.findByTestId("editor-changes");
    const [kept, typed] = writes(fake).map((write) => write.action === "save" && write.form.credentials);
    expect(kept).toMatchObject({ kind: "static-keys", secretAccessKey: null });
    expect(typed).toMatchObject({ kind: "static-keys", secretAccessKey: "typed-secret" });
  });

  it("shows the change again when a file changed after the preview, and writes only when confirmed again", async () => {
    const fake = page();
    await fireEvent.click(await screen.findByRole("button", { name: "Edit dev" }));
    await waitFor(() => expect(editor().querySelector<HTMLInputElement>('[name="roleName"]')?.value).toBe("Developer"));
    await type("roleName", "Admin");
    await fireEvent.click(screen.getByTestId("editor-preview"));
    await screen.findByTestId("editor-changes");
    fake.failNext("applyProfileWrite", { code: "preview-outdated", file: "~/.aws/config" });
    await fireEvent.click(screen.getByTestId("editor-write"));
    expect((await screen.findByTestId("editor-problem")).textContent).toContain("~/.aws/config changed after the preview");
    expect(writes(fake)).toHaveLength(2);
    await fireEvent.click(screen.getByTestId("editor-write"));
    await waitFor(() => expect(screen.getByTestId("profile-saved")).toBeTruthy());
  });

  it("deletes and duplicates through the same preview", async () => {
    const fake = page();
    await fireEvent.click(await screen.findByRole("button", { name: "Edit dev" }));
    await waitFor(() => expect(screen.getByTestId("editor-duplicate")).toBeTruthy());
    await fireEvent.input(editor().querySelector('[name="copyName"]')!, { target: { value: "dev-copy" } });
    await fireEvent.click(screen.getByTestId("editor-duplicate"));
    await screen.findByTestId("editor-changes");
    await fireEvent.click(screen.getByTestId("editor-write"));
    await waitFor(() => expect(names()).toEqual(["dev", "dev-copy", "keys"]));
    await fireEvent.click(screen.getByRole("button", { name: "Edit keys" }));
    await waitFor(() => expect(screen.getByTestId("editor-delete")).toBeTruthy());
    await fireEvent.click(screen.getByTestId("editor-delete"));
    expect((await screen.findByTestId("editor-diff")).textContent).toContain("-[profile keys]");
    await fireEvent.click(screen.getByTestId("editor-write"));
    await waitFor(() => expect(names()).toEqual(["dev", "dev-copy"]));
    expect(writes(fake).map((write) => write.action)).toEqual(["duplicate", "delete"]);
  });
});

describe("problems and their fixes", () => {
  const problems = [
    {
      line: 3,
      profile: "dev",
      issue: { issue: "repeated-key", key: "region", first: 2 },
      fix: { fix: "drop-shadowed", profile: "dev", key: "region", line: 2 },
    },
    { line: 9, profile: null, issue: { issue: "session-missing-key", session: "lab", key: "sso_region" }, fix: null },
  ] as const;

  function withProblems(): FakeHost {
    const fake = createFakeHost({
      profiles: profileList([profileRow("dev"), profileRow("keys", { kind: "static-keys", ssoSession: null })], {
        problems: structuredClone(problems) as never,
      }),
    });
    useHost(fake);
    render(ProfilesPage);
    return fake;
  }

  it("lists the file's problems with line, what is wrong and what to do, and marks the profile", async () => {
    withProblems();
    const summary = await screen.findByTestId("config-problems");
    expect(summary.querySelector("summary")?.textContent).toBe("2 problems in ~/.aws/config");
    const [first, second] = screen.getAllByTestId("config-problem").map((item) => item.textContent?.replace(/\s+/g, " ").trim());
    expect(first).toBe(
      "Line 3 `region` is set again (first on line 2); botocore refuses the file, the AWS SDK for Rust takes this one. Keep one `region` line and delete the other. Drop line 2",
    );
    expect(second).toBe("Line 9 sso-session lab has no `sso_region`. Add `sso_region = …` to [sso-session lab].");
    const badges = screen.getAllByTestId("profile-problems");
    expect(badges.map((badge) => badge.closest('[data-testid="profile-row"]')?.children[0].textContent?.replace(/\s+/g, " ").trim()))
      .toEqual(["dev 1 to fix"]);
  });

  it("makes a one-click fix through its preview, and the problem is gone", async () => {
    const fake = withProblems();
    await fireEvent.click(await screen.findByRole("button", { name: "Drop line 2" }));
    await screen.findByTestId("fix-dialog");
    await fireEvent.click(await screen.findByTestId("editor-write"));
    await waitFor(() => expect(screen.getAllByTestId("config-problem")).toHaveLength(1));
    expect(screen.getByTestId("profile-saved").textContent).toContain("Saved ~/.aws/config.");
    expect(writes(fake)).toEqual([{ action: "fix", fix: problems[0].fix }]);
  });

  it("shows a profile's own problems in its editor, with the fix", async () => {
    withProblems();
    await fireEvent.click(await screen.findByRole("button", { name: "Edit dev" }));
    const own = await screen.findByTestId("profile-config-problems");
    expect(own.textContent).toContain("`region` is set again");
    expect(within(own).getByRole("button", { name: "Drop line 2" })).toBeTruthy();
  });
  it("offers the accounts and roles discovery listed for the session, the roles of the account typed", async () => {
    page();
    await fireEvent.click(await screen.findByTestId("profile-new"));
    const options = (testid: string) =>
      [...screen.getByTestId(testid).querySelectorAll("option")].map((option) => `${option.value} ${option.textContent}`.trim());
    await waitFor(() => expect(options("account-choices")).toEqual(["111122223333 dev", "444455556666 production"]));
    expect(editor().textContent).toContain("Pick from the accounts corp lists (2), or type an ID.");
    expect(options("role-choices")).toEqual(["Developer", "ReadOnly", "Admin"]);
    await type("accountId", "444455556666");
    expect(options("role-choices")).toEqual(["Admin"]);
  });

  it("moves a legacy SSO profile onto an sso-session with one click, through the preview", async () => {
    const move = { fix: "move-to-session" as const, profile: "old", session: "my-company" };
    const fake = createFakeHost({
      profiles: profileList([profileRow("old", { kind: "legacy-sso", ssoSession: null })], { sessionMoves: [move] }),
    });
    useHost(fake);
    render(ProfilesPage);
    await fireEvent.click(await screen.findByRole("button", { name: "Edit old" }));
    const offer = await screen.findByTestId("session-move");
    expect(offer.textContent).toContain("cannot be renewed silently");
    await fireEvent.click(within(offer).getByRole("button", { name: "Move onto the sso-session my-company" }));
    await fireEvent.click(await screen.findByTestId("editor-write"));
    await waitFor(() => expect(screen.getByTestId("profile-saved").textContent).toContain("Saved ~/.aws/config."));
    expect(writes(fake)).toEqual([{ action: "fix", fix: move }]);
    await fireEvent.click(await screen.findByRole("button", { name: "Edit old" }));
    await screen.findByTestId("profile-form");
    expect(screen.queryByTestId("session-move")).toBeNull();
  });
});

describe("discovery in the window", () => {
  it("lists a session's roles with the names the template makes, marks the covered one, and writes the ticked ones", async () => {
    const fake = createFakeHost({
      profiles: profileList([profileRow("dev", { ssoSession: "corp", accountId: "111122223333", role: "Developer" })]),
    });
    useHost(fake);
    render(ProfilesPage);
    await fireEvent.click(await screen.findByTestId("discover-open"));
    await fireEvent.click(await screen.findByTestId("discover-list"));
    const rows = async () => (await screen.findAllByTestId("discover-row")).map((row) => row.textContent?.replace(/\s+/g, " ").trim());
    expect(await rows()).toEqual([
      "dev-Developer dev 111122223333 Developer covered by dev",
      "dev-ReadOnly dev 111122223333 ReadOnly",
      "production-Admin production 444455556666 Admin",
    ]);
    const boxes = () => screen.getAllByRole("checkbox", { name: /^Write / }) as HTMLInputElement[];
    expect(boxes().map((box) => box.checked)).toEqual([false, true, true]);
    expect(screen.getByTestId("discover-summary").textContent?.trim()).toBe("Found: 3 · chosen: 2 · listed 5 m ago");

    // Typed, then left (the change event): the names follow the template.
    const templateBox = screen.getByRole("textbox", { name: "Name template" });
    await fireEvent.input(templateBox, { target: { value: "{account_id}.{role_name}" } });
    await fireEvent.change(templateBox);
    await waitFor(async () => expect((await rows())[2]).toContain("444455556666.Admin"));
    await fireEvent.input(screen.getByRole("searchbox", { name: "Search accounts and roles" }), { target: { value: "production" } });
    expect(await rows()).toHaveLength(1);
    await fireEvent.click(boxes()[0]);
    expect(screen.getByTestId("discover-summary").textContent).toContain("chosen: 1");

    await fireEvent.click(screen.getByTestId("discover-preview"));
    await fireEvent.click(await screen.findByTestId("editor-write"));
    await waitFor(() => expect(names()).toEqual(["dev", "dev-ReadOnly"]));
    expect(writes(fake)).toEqual([{
      action: "discover", session: "corp", template: "{account_id}.{role_name}", style: "native", prune: false,
      chosen: [{ accountId: "111122223333", role: "ReadOnly" }],
    }]);
  });

  it("asks for the sign-in when the session needs one", async () => {
    const fake = createFakeHost({ profiles: profileList([profileRow("dev")]) });
    fake.failNext("discoveredAccounts", { code: "needs-sign-in", session: "corp" } as never);
    useHost(fake);
    render(ProfilesPage);
    await fireEvent.click(await screen.findByTestId("discover-open"));
    await fireEvent.click(await screen.findByTestId("discover-list"));
    expect((await screen.findByTestId("discover-problem")).textContent).toBeTruthy();
  });
});

describe("using a profile", () => {
  it("copies its credentials through the app, never the page, and says how long they are held", async () => {
    const fake = page();
    await fireEvent.click(await screen.findByRole("button", { name: "Edit dev" }));
    const use = await screen.findByTestId("profile-use");
    await waitFor(() => expect(within(use).getByTestId("profile-held").textContent).toMatch(/^Awning holds its credentials: 4\d m left\.$/));
    await fireEvent.change(within(use).getByRole("combobox", { name: "Shell" }), { target: { value: "fish" } });
    await fireEvent.click(within(use).getByTestId("copy-exports"));
    await waitFor(() => expect(fake.state.clipboard[0]).toBe("fish lines of dev"));
    expect(use.textContent).toContain("The lines hold secret credentials");
    fake.failNext("copyProfileExports", { code: "needs-sign-in", session: "corp" } as never);
    await fireEvent.click(within(use).getByTestId("copy-exports"));
    expect(await within(use).findByTestId("use-problem")).toBeTruthy();
  });
});

describe("marks", () => {
  it("marks a profile favourite and tags it prod from its editor: first in the list, coloured, kept by Awning", async () => {
    const fake = page();
    await fireEvent.click(await screen.findByRole("button", { name: "Edit keys" }));
    const marks = await screen.findByTestId("profile-marks");
    await fireEvent.click(within(marks).getByRole("checkbox", { name: "Favourite" }));
    const tag = within(marks).getByRole("textbox");
    await fireEvent.input(tag, { target: { value: "two words" } });
    await fireEvent.change(tag);
    expect((await within(marks).findByTestId("problem-tag")).textContent).toBe("Use letters, digits and - _ / . % @ : + only.");
    await fireEvent.input(tag, { target: { value: "prod" } });
    await fireEvent.change(tag);
    await waitFor(() => expect(names()).toEqual(["keys", "dev"]));
    const first = screen.getAllByTestId("profile-row")[0];
    expect(within(first).getByTestId("favourite")).toBeTruthy();
    expect(within(first).getByTestId("profile-tag").textContent?.trim()).toBe("prod");
    expect(fake.state.profiles.profiles.find((row) => row.name === "keys")?.mark).toEqual({ favourite: true, hidden: false, tag: "prod" });
    expect(screen.getByTestId("profile-tag").className).toContain("danger");
    // Coloured in the editor too.
    expect((await within(marks).findByTestId("marks-tag")).className).toContain("danger");
  });
  it("moves a profile's key to the keychain and back, each with its own button rather than Undo", async () => {
    const fake = page();
    await fireEvent.click(await screen.findByRole("button", { name: "Edit keys" }));
    const keeping = await within(editor()).findByTestId("key-keeping");
    expect(keeping.textContent).toContain("in the credentials file, in plaintext");
    await fireEvent.click(within(keeping).getByRole("button", { name: "Move the key to the keychain" }));
    const saved = await screen.findByTestId("profile-saved");
    expect(saved.textContent).toContain("Saved /home/ada/.aws/credentials, /home/ada/.aws/config.");
    expect(within(saved).queryByRole("button", { name: "Undo" })).toBeNull();
    expect(fake.calls.filter(([command]) => command === "importAccessKey")).toEqual([["importAccessKey", "keys"]]);

    await fireEvent.click(await screen.findByRole("button", { name: "Edit keys" }));
    const kept = await within(editor()).findByTestId("key-keeping");
    expect(kept.textContent).toContain("The keychain keeps this profile's access key");
    await fireEvent.click(within(kept).getByRole("button", { name: "Put the key back in the credentials file" }));
    await waitFor(() => expect(fake.calls.some(([command]) => command === "restoreAccessKey")).toBe(true));
    expect(fake.state.keptKeys.size).toBe(0);
  });
});
