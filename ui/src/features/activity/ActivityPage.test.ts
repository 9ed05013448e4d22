import { render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { createFakeHost, useHost } from "../../ipc";
import ActivityPage from "./ActivityPage.svelte";

describe("ActivityPage", () => {
  it("shows recent events in words, newest first, failures marked", async () => {
    useHost(
      createFakeHost({
        activity: [
          { at: Date.UTC(2026, 11, 1, 9, 30), event: { kind: "renewal-failed", session: "lab", problem: { code: "needs-sign-in", session: null } } },
          { at: Date.UTC(2026, 11, 1, 9, 0), event: { kind: "signed-in", session: "corp" } },
        ],
      }),
    );
    render(ActivityPage);
    await waitFor(() => expect(screen.getAllByTestId("activity-item")).toHaveLength(2));
    const [first, second] = screen.getAllByTestId("activity-item");
    expect(first.textContent).toContain("lab could not be renewed: This session needs a sign-in.");
    expect(first.classList.contains("failed")).toBe(true);
    expect(second.textContent).toContain("Signed in to corp.");
  });

  it("says so when nothing has happened", async () => {
    useHost(createFakeHost({ activity: [] }));
    render(ActivityPage);
    expect((await screen.findByTestId("activity-empty")).textContent).toContain("Nothing yet");
  });
});
