/**
 * Browser entry: mounts the dashboard. Tests may set the polling interval with ?poll=<ms>, and
 * turn the server's change stream off with ?stream=off (the tab then only polls).
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/app.tsx";
import "./styles/app.css";

const root = document.getElementById("root");
if (!root) throw new Error('the page has no <div id="root"> to mount the dashboard in');
const search = new URLSearchParams(window.location.search);
const poll = Number(search.get("poll"));
createRoot(root).render(
  <StrictMode>
    <App
      {...(poll >= 200 ? { pollIntervalMs: poll } : {})}
      changeStream={search.get("stream") !== "off"}
    />
  </StrictMode>,
);
