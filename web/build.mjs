// Bundles the web application into dist/ with esbuild: one script, one
// stylesheet and the index page. Run by `make web` (npm ci first).
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";

await mkdir("dist", { recursive: true });
await build({
  entryPoints: { app: "src/main.ts" },
  bundle: true,
  minify: true,
  sourcemap: false,
  format: "esm",
  target: ["es2020"],
  outdir: "dist",
  // The motivating motion and its scenario are read from the repository's
  // motions/ folder, so the builder starts from the same files as the CLI.
  loader: { ".yaml": "text", ".txt": "text", ".json": "json" },
  logLevel: "warning",
});
await copyFile("src/index.html", "dist/index.html");
