// A module load hook for node < 22 (registered by run_conformance.mjs): in the conformance
// suite's bundle only, the `globSync` binding of its `import {…} from "fs"` becomes a local
// function that throws, because node 20's fs has no globSync and the bundle would not load.
// Every other module, and every other binding, is left exactly as it is.
export async function load(url, context, nextLoad) {
  const loaded = await nextLoad(url, context);
  if (!url.includes("/@modelcontextprotocol/conformance/dist/")) return loaded;
  const source = String(loaded.source);
  const patched = source.replace(/import\{([^}]*)\}from"fs";/, (statement, bindings) => {
    const kept = [];
    const stubs = [];
    for (const binding of bindings.split(",")) {
      const match = binding.trim().match(/^globSync(?:\s+as\s+([\w$]+))?$/);
      if (match) stubs.push(match[1] ?? "globSync");
      else kept.push(binding);
    }
    if (stubs.length === 0) return statement;
    return (
      `import{${kept.join(",")}}from"fs";` +
      stubs
        .map((name) => `const ${name}=()=>{throw new Error("fs.globSync needs node >= 22");};`)
        .join("")
    );
  });
  return { ...loaded, source: patched };
}
