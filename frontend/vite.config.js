import { defineConfig } from "vite";

// The API the dev server forwards to (`npm run dev`); the built bundle is served by the API itself.
const api = process.env.PARKMAP_API ?? "http://127.0.0.1:8000";
const apiPaths = [
  "/auth", "/config", "/layers", "/tiles", "/collections", "/stations", "/dashboard",
  "/alarms", "/tickets", "/inspections", "/analysis", "/live", "/healthz",
  "/programs", "/marks", "/enterprises", "/health-codes", "/rasters", "/places",
];

export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    assetsDir: "assets",
    target: "es2020",
    sourcemap: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: Object.fromEntries(apiPaths.map((p) => [p, { target: api, ws: p === "/live" }])),
  },
});
