// The dashboard feature's entry point: what the rest of the app may use.
export { Dashboard } from "./Dashboard";
