#!/usr/bin/env node
import { readdirSync, readFileSync, statSync } from "node:fs";
// Every package declares what it imports: a bare import in a package's code must name a package in
// its own package.json (runtime code: dependencies or peerDependencies; tests, benches and bundled
// browser code: devDependencies too). Hoisting in node_modules would otherwise hide a missing
// declaration until someone installs the package alone.
import { builtinModules } from "node:module";
import { join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const builtins = new Set(builtinModules);
const importPattern =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

function files(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files(path, out);
    else if (/\.(m?[jt]sx?)$/.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

function packageName(specifier) {
  if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("node:")) return null;
  if (specifier.startsWith("virtual:") || specifier.startsWith("@/")) return null;
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  return builtins.has(name) ? null : name;
}

/** Code that only runs in tests, benches, build tooling or a bundled browser page. */
function isDevOnly(pkgDir, file, pkg) {
  const rel = relative(pkgDir, file);
  if (/(^|\/)(test|tests|bench)\//.test(rel) || /\.test\.[mc]?[jt]sx?$/.test(rel)) return true;
  if (/^vite\.config\./.test(rel) || rel.startsWith("web/")) return true;
  // A package that is only ever bundled into a browser page (no exports for Node) ships no deps.
  return pkg.private && !pkg.exports && !pkg.bin && !pkg.main;
}

const problems = [];
for (const dirName of readdirSync(join(root, "packages"))) {
  const pkgDir = join(root, "packages", dirName);
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  } catch {
    continue;
  }
  const runtime = new Set([
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
  ]);
  const dev = new Set([...runtime, ...Object.keys(pkg.devDependencies ?? {})]);
  for (const file of files(pkgDir)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(importPattern)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const name = spec && packageName(spec);
      if (!name || name === pkg.name) continue;
      if (/^import\s+type\s/.test(m[0].trim()) && dev.has(name)) continue;
      const allowed = isDevOnly(pkgDir, file, pkg) ? dev : runtime;
      if (!allowed.has(name)) {
        const where = isDevOnly(pkgDir, file, pkg) ? "devDependencies" : "dependencies";
        problems.push(
          `${relative(root, file)} imports ${name}, which ${pkg.name} does not list in its ${where}`,
        );
      }
    }
  }
}
if (problems.length > 0) {
  console.error(`check-deps: ${problems.length} undeclared import(s):`);
  for (const p of [...new Set(problems)]) console.error(`  ${p}`);
  console.error("fix: add each package to that package.json (npm install -w packages/<name> <dep>)");
  process.exit(1);
}
console.log("check-deps: every package declares what it imports");
