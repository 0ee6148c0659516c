import { serverForTheRun } from "./testserver.js";

// Starts the real Go test server for the whole run and hands its address
// to the tests (inject("serverUrl")). Reused by the React package's tests.
export const { setup, teardown } = serverForTheRun();
