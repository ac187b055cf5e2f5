import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * Builds the tasks app's SPA from `web/` into `dist/web`, which the server serves at `/`.
 * JSX goes through Vite's own esbuild transform with the automatic runtime, so no React plugin
 * is needed (fast refresh is the only thing it would add, and only for `vite dev`).
 */
export default defineConfig({
  root: fileURLToPath(new URL("./web", import.meta.url)),
  publicDir: "public",
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    target: "es2022",
    // The server's CSP allows only same-origin scripts; modern browsers need no preload polyfill.
    modulePreload: { polyfill: false },
    sourcemap: true,
  },
  esbuild: { jsx: "automatic" },
  server: {
    // `vite dev` for UI work: the API comes from a running tasks app.
    proxy: { "/api": process.env.TASKS_APP_URL ?? "http://localhost:3000" },
  },
});
