import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@wasmsocket/react/styles.css";
import "./demo.css";
import { App } from "./App.js";

// StrictMode on purpose: it mounts, unmounts and remounts every component,
// and the demo still opens exactly one socket (the end-to-end tests check).
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
