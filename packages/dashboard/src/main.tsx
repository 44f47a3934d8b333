/** Browser entry: mounts the dashboard. The live-update interval can be set with ?poll=<ms> (tests). */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/app.tsx";
import "./styles/app.css";

const root = document.getElementById("root");
if (!root) throw new Error('the page has no <div id="root"> to mount the dashboard in');
const poll = Number(new URLSearchParams(window.location.search).get("poll"));
createRoot(root).render(
  <StrictMode>
    <App {...(poll >= 200 ? { pollIntervalMs: poll } : {})} />
  </StrictMode>,
);
