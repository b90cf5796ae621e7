// The auth feature's entry point: what the rest of the app may use.
export { SignIn } from "./SignIn";
export { CurrentUserFragment, LogoutMutation, MeQuery } from "./session";
export type { CurrentUserRef } from "./SignIn";
