import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * Builds the policy console into `dist/`, which the authorization service serves at `/`.
 * JSX goes through Vite's own esbuild transform with the automatic runtime (no React plugin: fast
 * refresh is all it would add, and only for `vite dev`).
 */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  publicDir: "public",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // The service's CSP allows only same-origin scripts; modern browsers need no preload polyfill.
    modulePreload: { polyfill: false },
    sourcemap: true,
    reportCompressedSize: false,
  },
  esbuild: { jsx: "automatic" },
  server: {
    // `vite dev` for UI work: the API comes from a running authorization service.
    proxy: Object.fromEntries(
      ["/v1", "/v2", "/allowed", "/user-permissions"].map((p) => [
        p,
        process.env.AUTHZ_URL ?? "http://localhost:7766",
      ]),
    ),
  },
});
