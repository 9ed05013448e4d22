// The profile form's shapes: an empty form of each kind, so switching the kind in the
// editor starts from blank fields of that kind.
import type { CredentialsView, ProfileFormView, ProfileKind } from "../../ipc";

/** Every kind the editor offers, in the order people reach for them. */
export const editableKinds: ProfileKind[] = [
  "sso-session",
  "assume-role",
  "console-login",
  "credential-process",
  "static-keys",
  "web-identity",
  "legacy-sso",
  "no-credentials",
];

/** The fields of `kind`, empty. */
export function blankCredentials(kind: ProfileKind): CredentialsView {
  switch (kind) {
    case "sso-session":
      return { kind, session: "", accountId: "", roleName: "" };
    case "legacy-sso":
      return { kind, startUrl: "", ssoRegion: "", accountId: "", roleName: "" };
    case "console-login":
      return { kind, loginSession: "" };
    case "credential-process":
      return { kind, command: "" };
    case "assume-role":
      return {
        kind, roleArn: "", sourceProfile: "", credentialSource: null, mfaSerial: "", externalId: "",
        durationSeconds: "", sessionName: "",
      };
    case "web-identity":
      return { kind, roleArn: "", tokenFile: "", sessionName: "" };
    case "static-keys":
      return { kind, accessKeyId: "", secretAccessKey: null, sessionToken: null };
    case "no-credentials":
      return { kind };
  }
}

/** A new profile's form: IAM Identity Center through the first session, if any. */
export function blankForm(session: string | undefined): ProfileFormView {
  const credentials = blankCredentials("sso-session");
  if (credentials.kind === "sso-session" && session) credentials.session = session;
  return { name: "", credentials, region: "", output: "", other: [] };
}

/** What the form sends: a typed secret only if something was typed. */
export function toSend(form: ProfileFormView): ProfileFormView {
  const credentials = form.credentials;
  if (credentials.kind !== "static-keys") return form;
  return {
    ...form,
    credentials: {
      ...credentials,
      secretAccessKey: credentials.secretAccessKey || null,
      sessionToken: credentials.sessionToken || null,
    },
  };
}
