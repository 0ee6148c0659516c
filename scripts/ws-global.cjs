// A browser-like WebSocket for Node, built on the npm package ws: preloaded
// by go_js_wasm_exec, and installed by the JavaScript tests' setup where
// Node has no global WebSocket.
//
// ws accepts every close code a server may send, but browsers (and Node's
// own WebSocket) throw InvalidAccessError for any code but 1000 and
// 3000–4999. coder/websocket's wasm build relies on that throw: where
// close(1011) does not throw it waits for the close event inside an event
// handler and deadlocks. So the stand-in throws too.
const WebSocket = require("ws");

class BrowserLikeWebSocket extends WebSocket {
  close(code, reason) {
    // ws itself calls close(receivedCode) to answer a peer's close frame.
    if (!this._closeFrameReceived && code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) {
      throw new DOMException(`The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`, "InvalidAccessError");
    }
    return super.close(code, reason);
  }
}

module.exports = BrowserLikeWebSocket;
if (require.main !== module && !process.env.WASMSOCKET_KEEP_GLOBAL_WEBSOCKET) {
  globalThis.WebSocket = BrowserLikeWebSocket;
}
