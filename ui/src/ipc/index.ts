// The one door from the UI to the desktop shell. Nothing outside this folder imports
// `@tauri-apps/*`; components import from here, and tests mock this module.
export { commands } from "./bindings";
export type { ErrorCode, IpcError, ProfileKind, ProfileList, ProfileView } from "./bindings";
