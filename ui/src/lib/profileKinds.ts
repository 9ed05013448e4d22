import type { ProfileKind } from "../ipc";

/** How each kind of profile is named to people. */
export const profileKindLabel: Record<ProfileKind, string> = {
  "assume-role": "Assume role",
  "web-identity": "Web identity",
  "sso-session": "IAM Identity Center",
  "legacy-sso": "IAM Identity Center (legacy, no refresh)",
  "console-login": "Console login",
  "credential-process": "Credential process",
  "static-keys": "Access keys",
  "no-credentials": "Settings only",
};
