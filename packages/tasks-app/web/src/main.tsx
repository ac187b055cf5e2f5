// The shared base first: each app's own stylesheet sets its palette and adds to those rules.
import "@tollgate/web-ui/base.css";
import "./styles.css";
import { scrollToTopOnNavigate } from "@tollgate/web-ui";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Root } from "./Root.tsx";

// A new screen starts at its top, as a page load would.
scrollToTopOnNavigate();

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element");
createRoot(container).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
