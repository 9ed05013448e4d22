import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { createFakeHost, useHost, type FakeHost } from "../../ipc";
import { registry } from "../../ipc/fake";
import RegistriesPage from "./RegistriesPage.svelte";

function withHost(seed: Parameters<typeof createFakeHost>[0] = {}): FakeHost {
  const fake = createFakeHost(seed);
  useHost(fake);
  return fake;
}

const cards = () => screen.queryAllByTestId("registry");

/** Picks profile `dev`'s domain `acme` and its repository `packages` from the lists. */
async function pickRepository() {
  await fireEvent.click(await screen.findByTestId("registries-find"));
  await screen.findByTestId("registries-tools");
}

describe("RegistriesPage", () => {
  it("shows each configured tool with its files and when its token renews", async () => {
    withHost({ registries: [registry("npm"), registry("pip", { waitsFor: "sso-session:corp" })] });
    render(RegistriesPage);
    await waitFor(() => expect(cards()).toHaveLength(2));
    const [npm, pip] = cards();
    expect(within(npm).getByRole("heading").textContent).toBe("npm for acme/packages");
    expect(within(npm).getByTestId("registry-countdown").textContent?.trim())
      .toMatch(/^configured for ~\/\.npmrc · renews in 11 h (39|40) m$/);
    expect(within(npm).queryByTestId("registry-waits")).toBeNull();
    expect(within(pip).getByTestId("registry-waits").textContent).toContain("your sign-in to corp");
  });

  it("offers the sign-in a renewal waits for", async () => {
    const fake = withHost({ registries: [registry("npm", { waitsFor: "sso-session:corp" })] });
    render(RegistriesPage);
    await fireEvent.click(await screen.findByTestId("registry-sign-in"));
    expect(fake.calls.at(-1)).toEqual(["signIn", "sso-session:corp", false]);
  });

  it("picks a repository from the lists and offers the tools found on the machine first", async () => {
    const fake = withHost({ registries: [] });
    render(RegistriesPage);
    expect(await screen.findByTestId("registries-empty")).toBeTruthy();
    await pickRepository();
    expect(fake.calls.find((call) => call[0] === "registryDomains")).toEqual(["registryDomains", "dev", "eu-west-1"]);
    expect(fake.calls.at(-1)).toEqual(["registryRepositories", "dev", "eu-west-1", "acme", "111122223333"]);
    const tools = screen.getAllByTestId("tool").map((tool) => tool.dataset.tool);
    expect(tools.slice(0, 2)).toEqual(["npm", "pip"]);
    expect(within(screen.getAllByTestId("tool")[0]).getByRole("button").textContent?.trim()).toBe("Configure npm");
  });

  it("shows the change before writing it, then the configured tool", async () => {
    const fake = withHost({ registries: [] });
    render(RegistriesPage);
    await pickRepository();
    await fireEvent.click(screen.getByTestId("configure-npm"));
    const dialog = await screen.findByTestId("configure-dialog");
    await fireEvent.click(within(dialog).getByTestId("configure-preview"));
    const diff = await within(dialog).findByTestId("configure-diff");
    expect(diff.textContent).toContain("+registry=https://acme-111122223333.d.codeartifact.eu-west-1.amazonaws.com/npm/packages/");
    expect(fake.state.registries).toHaveLength(0);
    await fireEvent.click(within(dialog).getByTestId("configure-write"));
    await waitFor(() => expect(cards()).toHaveLength(1));
    expect(fake.calls.at(-1)?.[0]).toBe("configureRegistry");
    expect(screen.getByTestId("configure-npm").textContent?.trim()).toBe("Configure npm again");
  });

  it("shows Gradle's repository block to paste, since Awning edits no build script", async () => {
    withHost({ registries: [] });
    render(RegistriesPage);
    await pickRepository();
    await fireEvent.click(screen.getByTestId("configure-gradle"));
    const dialog = await screen.findByTestId("configure-dialog");
    await fireEvent.click(within(dialog).getByTestId("configure-preview"));
    expect((await within(dialog).findByTestId("configure-snippet")).textContent).toContain("maven {");
  });

  it("keeps a field's problem in the dialog and writes nothing", async () => {
    const fake = withHost({ registries: [] });
    render(RegistriesPage);
    await pickRepository();
    fake.failNext("previewRegistry", {
      code: "invalid-fields",
      fields: [{ field: "projectDir", rule: { rule: "not-absolute" } }],
    });
    await fireEvent.click(screen.getByTestId("configure-npm"));
    const dialog = await screen.findByTestId("configure-dialog");
    await fireEvent.input(within(dialog).getByRole("textbox", { name: /Project folder/ }), { target: { value: "app" } });
    await fireEvent.click(within(dialog).getByTestId("configure-preview"));
    expect((await within(dialog).findByTestId("problem-projectDir")).textContent).toBe("Enter a full path, for example /home/ada/app.");
    expect(fake.calls.some((call) => call[0] === "configureRegistry")).toBe(false);
  });

  it("undoes a configured tool and says which files came back", async () => {
    const fake = withHost({ registries: [registry("npm")] });
    render(RegistriesPage);
    await waitFor(() => expect(cards()).toHaveLength(1));
    await fireEvent.click(screen.getByTestId("registry-undo"));
    expect((await screen.findByTestId("registries-undone")).textContent).toContain("npm for acme/packages is back as it was: ~/.npmrc.");
    await waitFor(() => expect(cards()).toHaveLength(0));
    expect(fake.calls.at(-1)).toEqual(["undoRegistry", "npm-acme-packages"]);
  });

  it("says what went wrong when CodeArtifact refuses the list, with the sign-in it needs", async () => {
    const fake = withHost({ registries: [] });
    fake.failNext("registryDomains", { code: "needs-sign-in", session: "sso-session:corp" });
    render(RegistriesPage);
    await fireEvent.click(await screen.findByTestId("registries-find"));
    const alert = await screen.findByTestId("registries-problem");
    await fireEvent.click(within(alert).getByTestId("remedy-sign-in"));
    expect(fake.calls.at(-1)).toEqual(["signIn", "sso-session:corp", false]);
  });
});
