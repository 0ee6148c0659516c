// Preloaded (node --import) by go_js_wasm_exec when WASMSOCKET_NODE_INBOX=1:
// gives the Go wasm tests the JavaScript client's batching inbox, as a page
// using @wasmsocket/client has, so both receive paths are tested in Go.
import { createInbox } from "../js/dist/inbox.js";

globalThis.wasmsocketInbox = createInbox;
