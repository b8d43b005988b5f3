// The baseline of `scripts/bench mcp`: a minimal node MCP client (the official SDK that
// server-everything itself depends on) that starts server-everything over stdio, lists its tools
// and calls echo once -- the same work `kosmo mcp:lua` does for one app.mcp call -- then exits.
//   node scripts/mcp_first_result.mjs <build/mcp-peer>
import path from "node:path";
import { pathToFileURL } from "node:url";

const peer = path.resolve(process.argv[2] ?? "build/mcp-peer");
// The SDK lives in the peer's node_modules, not next to this script: import it by file URL.
const sdk = (file) =>
  import(pathToFileURL(path.join(peer, "node_modules/@modelcontextprotocol/sdk/dist/esm", file)).href);
const { Client } = await sdk("client/index.js");
const { StdioClientTransport } = await sdk("client/stdio.js");

const client = new Client({ name: "bench-baseline", version: "1.0.0" });
await client.connect(new StdioClientTransport({
  command: path.join(peer, "node_modules/.bin/mcp-server-everything"),
  args: ["stdio"],
  stderr: "ignore",
}));
await client.listTools();
const result = await client.callTool({ name: "echo", arguments: { message: "x" } });
if (result.content?.[0]?.text !== "Echo: x") {
  console.error("unexpected result", JSON.stringify(result));
  process.exit(1);
}
await client.close();
