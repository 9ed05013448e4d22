import type { Problem } from "../ipc";

/** What the window offers beside a problem. */
export type Remedy = "unlock-and-retry" | "sign-in" | "retry" | "reload";

/** The remedy that fits each code; `null` where the words say what to do. */
export const remedies: Record<Problem["code"], Remedy | null> = {
  "keychain-locked": "unlock-and-retry",
  "keychain-timeout": "unlock-and-retry",
  "keychain-unavailable": "retry",
  "keychain-failed": "retry",
  "keychain-item-unreadable": "sign-in",
  "needs-sign-in": "sign-in",
  "sign-in-denied": "sign-in",
  "sign-in-cancelled": "sign-in",
  "sign-in-expired": "sign-in",
  "sign-in-busy": "retry",
  "loopback-unavailable": null,
  "network-unreachable": "retry",
  "service-error": "retry",
  throttled: "retry",
  "config-invalid": "reload",
  "config-unreadable": "reload",
  "config-not-text": "reload",
  "config-changed": "retry",
  "config-not-located": null,
  "nothing-to-undo": null,
  "undo-conflict": null,
  "not-found": "reload",
  "already-exists": null,
  "invalid-fields": null,
  "session-in-use": null,
  "no-role": null,
  "file-unusable": "retry",
  "data-folder-unknown": null,
  "unknown-secret-store": null,
  "settings-damaged": null,
  "start-at-login-failed": "retry",
  internal: "retry",
};
