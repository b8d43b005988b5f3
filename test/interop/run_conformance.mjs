// Starts the official MCP conformance suite (@modelcontextprotocol/conformance, installed by
// scripts/install-mcp-peer) on the node that is here, which may be node 20:
//   node test/interop/run_conformance.mjs <build/mcp-peer> server --url URL --scenario NAME
// Everything after the peer directory is the suite's own command line.
//
// Why a wrapper: the suite's bundle imports `globSync` from "fs", which node only has from 22 on.
// It calls it only in its `tier-check` command (reading results/**/checks.json), never in a
// scenario, but an ES module whose named import is missing does not even load. On an older node
// a load hook (node20_fs_glob_hook.mjs) replaces that one import with a function that throws
// saying so; on node >= 22 the suite runs untouched.
import fs from "node:fs";
import path from "node:path";
import { register } from "node:module";
import { pathToFileURL } from "node:url";

const peer = process.argv[2];
if (!peer) {
  console.error("usage: run_conformance.mjs <mcp-peer dir> <conformance arguments...>");
  process.exit(2);
}
const entry = path.resolve(peer, "node_modules/@modelcontextprotocol/conformance/dist/index.js");
if (!fs.existsSync(entry)) {
  console.error(`run_conformance: ${entry} is missing; run scripts/install-mcp-peer`);
  process.exit(2);
}
if (typeof fs.globSync !== "function") {
  register("./node20_fs_glob_hook.mjs", import.meta.url);
}
// The suite parses process.argv (commander: arguments from index 2 on): drop the peer directory.
process.argv.splice(2, 1);
await import(pathToFileURL(entry).href);
