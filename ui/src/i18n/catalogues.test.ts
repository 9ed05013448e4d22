import { describe, expect, it } from "vitest";
import type { Problem } from "../ipc";
import { en } from "./en";
import { describeEvent, describeProblem, duration, setLanguage, t } from "./index.svelte";
import { ja } from "./ja";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the catalogues", () => {
  it("have the same keys with the same placeholders in English and Japanese", () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    for (const [key, english] of Object.entries(en)) {
      expect(placeholders(ja[key as keyof typeof en]), key).toEqual(placeholders(english));
    }
  });

  it("fill placeholders by name in the language in effect", () => {
    setLanguage("en");
    expect(t("remove.title", { session: "corp" })).toBe("Remove corp?");
    setLanguage("ja");
    expect(t("remove.title", { session: "corp" })).toBe("corp を削除しますか?");
    expect(document.documentElement.lang).toBe("ja");
  });

  it("count time the way each language says it", () => {
    setLanguage("en");
    expect(duration((7 * 3600 + 12 * 60 + 5) * 1000)).toBe("7 h 12 m");
    expect(duration((4 * 60 + 5) * 1000, true)).toBe("4 m 05 s");
    expect(duration(-1000)).toBe("ended");
    setLanguage("ja");
    expect(t("time.left", { left: duration((7 * 3600 + 12 * 60) * 1000) })).toBe("残り 7 時間 12 分");
  });

  it("word every problem code with its parameters, in both languages", () => {
    const problems: Problem[] = [
      { code: "keychain-locked" },
      { code: "network-unreachable", service: "identity-center", detail: "dns error" },
      { code: "config-invalid", file: "/c", line: 7, section: "[sso-session corp]", key: "sso_region", rule: "missing-key" },
      { code: "not-found", thing: "sso-session", name: "corp" },
      { code: "session-in-use", session: "corp", profiles: ["dev", "prod"] },
    ];
    setLanguage("en");
    expect(problems.map(describeProblem)).toEqual([
      "The keychain is locked or refused Awning access.",
      "IAM Identity Center could not be reached. Check your network connection.",
      "[sso-session corp] has no sso_region (/c, line 7).",
      "There is no [sso-session corp] in your AWS config.",
      "Profiles dev, prod use [sso-session corp]. Point them at another session or remove them first.",
    ]);
    setLanguage("ja");
    for (const problem of problems) expect(describeProblem(problem)).not.toMatch(/[{}]|problem\./);
    expect(describeProblem(problems[2])).toBe("[sso-session corp] に sso_region がありません (/c の 7 行目)。");
  });

  it("say which lines of which file an activity changed", () => {
    setLanguage("en");
    expect(describeEvent({ kind: "file-changed", file: "/c", lines: [{ start: 5, end: 8 }, { start: 12, end: 13 }] })).toBe(
      "Changed /c, lines 5–7, 12.",
    );
    expect(describeEvent({ kind: "warned", session: "lab", minutesLeft: 14 })).toBe("Warned that lab ends in 14 m.");
  });
});
