// A baseline of `scripts/bench mcp`: a minimal MCP stdio client in plain node (no npm packages).
// It does what `kosmo mcp:lua` does for N calls of app.mcp.fake.echo: start the server, initialize,
// notifications/initialized, tools/list, then N sequential tools/call echo, each answer parsed and
// checked, then closes the server's stdin and waits for it to exit.
//   node scripts/mcp_warm_calls.mjs SERVER_COMMAND [N=1000]
// scripts/bench runs it with N=1000 and N=1 and takes (T(1000) - T(1)) / 999 as the per-call
// cost: the server's and the pipes' share plus a small JavaScript client's own work.
import { spawn } from "node:child_process";
import { once } from "node:events";

const [command, countArg = "1000"] = process.argv.slice(2);
if (!command) {
  console.error("usage: node scripts/mcp_warm_calls.mjs SERVER_COMMAND [N]");
  process.exit(2);
}
const count = Number.parseInt(countArg, 10);

const server = spawn(command, [], { stdio: ["pipe", "pipe", "ignore"] });
const waiting = new Map();  // request id -> {resolve, reject}
let buffered = "";
let nextId = 0;

server.stdout.setEncoding("utf8");
server.stdout.on("data", (chunk) => {
  buffered += chunk;
  for (let newline; (newline = buffered.indexOf("\n")) >= 0;) {
    const line = buffered.slice(0, newline);
    buffered = buffered.slice(newline + 1);
    if (line.trim() === "") continue;
    const message = JSON.parse(line);
    const pending = waiting.get(message.id);
    if (!pending) continue;  // a notification or a request from the server: not used here
    waiting.delete(message.id);
    if (message.error) pending.reject(new Error(JSON.stringify(message.error)));
    else pending.resolve(message.result);
  }
});
server.on("exit", (code) => {
  for (const pending of waiting.values()) pending.reject(new Error(`server exited (${code})`));
  waiting.clear();
});

function request(method, params) {
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    server.stdin.write(JSON.stringify({ jsonrpc: "2.0", id, method, params }) + "\n");
  });
}

const exited = once(server, "exit");
await request("initialize", {
  protocolVersion: "2025-11-25",
  capabilities: {},
  clientInfo: { name: "bench-node", version: "1.0.0" },
});
server.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
const { tools } = await request("tools/list", {});
if (!tools.some((tool) => tool.name === "echo")) throw new Error("the server has no echo tool");
for (let i = 0; i < count; ++i) {
  const result = await request("tools/call", { name: "echo", arguments: { message: "x" } });
  if (result.isError || result.content?.[0]?.text !== "x") {
    throw new Error(`unexpected result ${JSON.stringify(result)}`);
  }
}
server.stdin.end();
await exited;
