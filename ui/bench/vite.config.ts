// Builds the list benchmark's page twice: with the shipped VirtualRows, and with
// AllRows in its place (BENCH_VARIANT=plain), so the two differ in virtualisation only.
import { fileURLToPath } from "node:url";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig, type Plugin } from "vite";

const variant = process.env.BENCH_VARIANT === "plain" ? "plain" : "virtual";
const allRows = fileURLToPath(new URL("./AllRows.svelte", import.meta.url));

const withoutVirtualisation: Plugin = {
  name: "awning-bench-all-rows",
  enforce: "pre",
  resolveId(source) {
    return variant === "plain" && source.endsWith("components/VirtualRows.svelte") ? allRows : null;
  },
};

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  plugins: [withoutVirtualisation, svelte()],
  logLevel: "warn",
  build: { outDir: process.env.BENCH_OUT ?? `../../target/bench/profile-list-${variant}`, emptyOutDir: true },
});
