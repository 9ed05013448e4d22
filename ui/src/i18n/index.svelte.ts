// The window's words: the catalogue of the language in effect, placeholders filled in
// by name, and times formatted for the language. `setLanguage` switches every page at
// once (the language is reactive state).
import type { Event, Field, FieldRule, Fix, Issue, Language, Problem } from "../ipc";
import { en, type MessageKey } from "./en";
import { ja } from "./ja";

export type { MessageKey } from "./en";
export const catalogues: Record<Language, Record<MessageKey, string>> = { en, ja };

let language: Language = $state("en");

export function currentLanguage(): Language {
  return language;
}

export function setLanguage(next: Language): void {
  language = next;
  document.documentElement.lang = next;
}

type Params = Record<string, string | number>;

/** The message `key` with its `{placeholders}` filled from `params`. */
export function t(key: MessageKey, params: Params = {}): string {
  return catalogues[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The message's text before and after `{placeholder}`, to put markup (a link, code) there. */
export function around(key: MessageKey, placeholder: string): [string, string] {
  const [before, after = ""] = catalogues[language][key].split(`{${placeholder}}`);
  return [before, after];
}

/** "7 h 12 m" / "7 時間 12 分"; under an hour with seconds ("4 m 05 s") when `seconds`. */
export function duration(milliseconds: number, seconds = false): string {
  const total = Math.max(0, Math.floor(milliseconds / 1000));
  if (total === 0) return t("duration.ended");
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  if (hours > 0) return t("duration.hours-minutes", { hours, minutes });
  if (seconds) return t("duration.minutes-seconds", { minutes, seconds: String(total % 60).padStart(2, "0") });
  return t("duration.minutes", { minutes });
}

/** A moment as people of the language write it: "1 Dec 2026, 09:12" / "2026/12/01 9:12". */
export function moment(at: number): string {
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(at);
}

/** "~/.npmrc, line 3", or the file alone. */
function place(file: string, line: number | null): string {
  return line ? t("place.file-line", { file, line }) : t("place.file", { file });
}

/** What happened, in words. */
export function describeProblem(problem: Problem): string {
  switch (problem.code) {
    case "keychain-timeout":
    case "sign-in-busy":
      return t(`problem.${problem.code}`, { seconds: problem.seconds });
    case "keychain-item-unreadable":
      return t("problem.keychain-item-unreadable", { item: problem.item });
    case "network-unreachable":
    case "service-error":
    case "throttled":
      return t(`problem.${problem.code}`, { service: t(`service.${problem.service}`) });
    case "config-invalid":
      return t(`problem.config-invalid.${problem.rule}`, {
        section: problem.section,
        key: problem.key ?? "",
        place: place(problem.file, problem.line),
      });
    case "config-unreadable":
    case "config-not-text":
    case "config-changed":
    case "preview-outdated":
    case "nothing-to-undo":
    case "settings-damaged":
      return t(`problem.${problem.code}`, { file: problem.file });
    case "undo-conflict":
      return t("problem.undo-conflict", { file: problem.file, backup: problem.backup });
    case "no-access-key":
    case "temporary-keys":
    case "key-not-kept":
    case "needs-mfa-code":
      return t(`problem.${problem.code}`, { profile: problem.profile });
    case "mfa-code-refused":
      return t("problem.mfa-code-refused");
    case "undo-secret-gone":
      return t("problem.undo-secret-gone", { file: problem.file, line: String(problem.line) });
    case "not-found":
    case "already-exists":
      return t(`problem.${problem.code}.${problem.thing}`, { name: problem.name });
    case "session-in-use":
      return t("problem.session-in-use", { session: problem.session, profiles: problem.profiles.join(", ") });
    case "no-role":
    case "credentials-unavailable":
    case "no-region":
      return t(`problem.${problem.code}`, { profile: problem.profile });
    case "tool-file-unparsable":
      return t("problem.tool-file-unparsable", { place: place(problem.file, problem.line) });
    case "project-scope-unsupported":
    case "project-scope-required":
    case "namespace-unsupported":
      return t(`problem.${problem.code}`, { tool: problem.tool });
    case "file-unusable":
      return t("problem.file-unusable", { path: problem.path });
    case "session-revoked":
    case "sign-in-key-rejected":
      return t(`problem.${problem.code}`, { session: problem.session });
    case "endpoint-changed":
      return t("problem.endpoint-changed", {
        session: problem.session,
        service: t(`service.${problem.service}`),
        signedInAt: problem.signedInAt,
        configured: problem.configured,
      });
    case "signed-in-as-other":
      return t("problem.signed-in-as-other", { expected: problem.expected, signedIn: problem.signedIn });
    case "insecure-endpoint":
      return t("problem.insecure-endpoint", { url: problem.url });
    case "permission-missing":
      return t("problem.permission-missing", { action: problem.action });
    case "unknown-secret-store":
      return t("problem.unknown-secret-store", { value: problem.value });
    case "keychain-locked":
    case "keychain-unavailable":
    case "keychain-failed":
    case "needs-sign-in":
    case "sign-in-denied":
    case "sign-in-cancelled":
    case "sign-in-expired":
    case "sign-in-code-unreadable":
    case "sign-in-state-mismatch":
    case "loopback-unavailable":
    case "config-not-located":
    case "invalid-fields":
    case "data-folder-unknown":
    case "start-at-login-failed":
    case "clipboard-unavailable":
    case "internal":
      return t(`problem.${problem.code}`);
  }
}

/** The system's or service's own words, shown apart as details, when the code has them. */
export function problemDetail(problem: Problem): string | null {
  return "detail" in problem && problem.detail ? problem.detail : null;
}

/** A problem of the config file, in a sentence. */
export function describeIssue(issue: Issue): string {
  const { issue: code, ...fields } = issue;
  const args: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string" || typeof value === "number") args[name] = value;
  }
  if (issue.issue === "several-sources") {
    args.sources = issue.sources.map((source) => t(`source.${source}`)).join(", ");
    args.first = t(`source.${issue.first}`);
  }
  const key = issue.issue === "unknown-session" && issue.near ? "issue.unknown-session-near" : (`issue.${code}` as const);
  return t(key, args);
}

/** What to do about a problem of the config file. */
export function adviseIssue(issue: Issue): string {
  const { issue: code, ...fields } = issue;
  const args: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string" || typeof value === "number") args[name] = value;
  }
  return t(`advice.${code}`, args);
}

/** The button of a one-click fix. */
export function describeFix(fix: Fix): string {
  const { fix: code, ...args } = fix;
  return t(`fix.${code}`, args);
}

/** What a field must be instead. */
export function describeRule(rule: FieldRule, field?: Field): string {
  switch (rule.rule) {
    case "not-scope":
      return t("rule.not-scope", { scope: rule.scope });
    case "out-of-range":
      return t(field === "warnMinutesBefore" ? "rule.out-of-range-minutes" : "rule.out-of-range", { min: rule.min, max: rule.max });
    case "bad-key":
    case "repeated-key":
    case "form-key":
    case "bad-value":
      return t(`rule.${rule.rule}`, { key: rule.key });
    default:
      return t(`rule.${rule.rule}`);
  }
}

/** An Activity event in words. */
export function describeEvent(event: Event): string {
  switch (event.kind) {
    case "signed-in":
    case "renewed":
    case "signed-out":
      return t(`event.${event.kind}`, { session: event.session });
    case "sign-in-failed":
    case "renewal-failed":
      return t(`event.${event.kind}`, { session: event.session, problem: describeProblem(event.problem) });
    case "warned":
      return t("event.warned", { session: event.session, left: duration(event.minutesLeft * 60_000) });
    case "file-changed": {
      const lines = event.lines.map((range) =>
        range.end - range.start > 1 ? `${range.start}–${range.end - 1}` : String(range.start),
      );
      const removedOnly = event.lines.every((range) => range.end === range.start);
      return t(removedOnly ? "event.file-changed-lines-removed" : "event.file-changed", {
        file: event.file,
        lines: lines.join(", "),
      });
    }
    case "credentials-served":
      return t("event.credentials-served", { profile: event.profile });
    case "credentials-refused":
      return t("event.credentials-refused", { profile: event.profile, problem: describeProblem(event.problem) });
    case "settings-saved":
      return t("event.settings-saved");
  }
}
