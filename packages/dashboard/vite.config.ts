/**
 * The dashboard's build: a static single-page app in dist/ (index.html + hashed assets) that
 * @flagswitch/server serves at `/`. Relative asset URLs let it be served under any path prefix.
 */
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  plugins: [react()],
  resolve: { conditions: ["@flagswitch/source", "module", "browser", "import", "default"] },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: true },
  server: {
    // `pnpm dev` against a server on the default port: the API and SDK routes go to it.
    proxy: { "/api": "http://127.0.0.1:8080", "/sdk": "http://127.0.0.1:8080" },
  },
});
