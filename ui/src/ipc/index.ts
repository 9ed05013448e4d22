// The one door from the UI to the desktop shell. Nothing outside this folder imports
// `@tauri-apps/*`; components import from here, and tests mock this module.
export { commands, events } from "./bindings";
export type {
  ErrorCode,
  FieldError,
  IpcError,
  ProfileKind,
  ProfileList,
  ProfileView,
  SessionForm,
  SessionRow,
  SessionState,
  SessionsView,
  SignInView,
} from "./bindings";
