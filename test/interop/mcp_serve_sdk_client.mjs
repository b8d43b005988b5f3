// A client of `kosmo mcp:serve` written against the official TypeScript SDK
// (@modelcontextprotocol/sdk, installed by scripts/install-mcp-peer into build/mcp-peer): the
// way Claude Code, Cursor or VS Code talk to the gateway. Plain ESM, no build step.
//
//   node test/interop/mcp_serve_sdk_client.mjs --peer build/mcp-peer --kosmo build/kosmo \
//        --transport stdio|http [--tag T] [--upstream NAME] [--scenarios a,b] [-- serve flags]
//
// It starts `kosmo mcp:serve <serve flags>` itself: over stdio with the SDK's
// StdioClientTransport, or with `--http 127.0.0.1:0` added and the SDK's
// StreamableHTTPClientTransport on the URL the server prints to stderr. The server inherits this
// process's environment and working directory (credentials, KOSMO_HOME, the project's .mcp.json).
// Each scenario prints one JSON line on stdout:
//   {"scenario": NAME, "transport": T, "ok": bool, "problems": [...], "ms": N, ...facts}
// `ok` is this script's own judgement (problems lists why not); the facts let the C++ test
// (test/e2e/mcp_serve_sdk_test.cpp) judge again against what the fakes saw. Exit status 0 when
// every scenario was ok, 1 otherwise, 2 on a usage error. Diagnostics go to stderr.
import path from "node:path";
import { spawn } from "node:child_process";
import { pathToFileURL } from "node:url";

// --- command line -------------------------------------------------------------------------------

function parseArguments(argv) {
  const options = { transport: "stdio", tag: "", upstream: "up", scenarios: null, serve: [] };
  for (let i = 0; i < argv.length; ++i) {
    const word = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${word} needs a value`);
      return argv[++i];
    };
    if (word === "--") {
      options.serve = argv.slice(i + 1);
      break;
    } else if (word === "--peer") options.peer = value();
    else if (word === "--kosmo") options.kosmo = value();
    else if (word === "--transport") options.transport = value();
    else if (word === "--tag") options.tag = value();
    else if (word === "--upstream") options.upstream = value();
    else if (word === "--scenarios") options.scenarios = value().split(",").filter(Boolean);
    else usage(`unknown argument ${word}`);
  }
  if (!options.peer || !options.kosmo) usage("--peer and --kosmo are required");
  if (!["stdio", "http"].includes(options.transport)) usage("--transport is stdio or http");
  return options;
}

function usage(why) {
  console.error(`mcp_serve_sdk_client: ${why}`);
  console.error(
    "usage: mcp_serve_sdk_client.mjs --peer DIR --kosmo BIN --transport stdio|http " +
      "[--tag T] [--upstream NAME] [--scenarios a,b] [-- mcp:serve flags]",
  );
  process.exit(2);
}

const options = parseArguments(process.argv.slice(2));
const tag = options.tag || options.transport;

// The SDK lives in the peer's node_modules, not next to this script: import it by file URL.
const sdk = (file) =>
  import(
    pathToFileURL(
      path.join(path.resolve(options.peer), "node_modules/@modelcontextprotocol/sdk/dist/esm", file),
    ).href
  );
const { Client } = await sdk("client/index.js");
const { StdioClientTransport } = await sdk("client/stdio.js");
const { StreamableHTTPClientTransport } = await sdk("client/streamableHttp.js");

// --- a transport that remembers what went by ----------------------------------------------------

// Wraps the SDK transport and records every message in both directions, so a scenario can see
// what the Client hides: the negotiated protocol version, progress notifications, a response
// that arrives for a request the client cancelled.
class TappedTransport {
  constructor(inner) {
    this.inner = inner;
    this.received = [];
    this.sent = [];
    this.protocolVersion = undefined;
  }
  async start() {
    this.inner.onmessage = (message, extra) => {
      this.received.push(message);
      if (message?.result?.protocolVersion && this.protocolVersion === undefined) {
        this.protocolVersion = message.result.protocolVersion;
      }
      this.onmessage?.(message, extra);
    };
    this.inner.onclose = () => this.onclose?.();
    this.inner.onerror = (error) => this.onerror?.(error);
    return this.inner.start();
  }
  async send(message, sendOptions) {
    this.sent.push(message);
    return this.inner.send(message, sendOptions);
  }
  async close() {
    return this.inner.close();
  }
  get sessionId() {
    return this.inner.sessionId;
  }
  setProtocolVersion(version) {
    this.inner.setProtocolVersion?.(version);
  }
  responsesTo(id) {
    return this.received.filter((m) => m.id === id && ("result" in m || "error" in m));
  }
}

// --- the server ---------------------------------------------------------------------------------

// What the server wrote to stderr, kept (the last 64 KiB) for failure messages.
let serverStderr = "";
function keepStderr(chunk) {
  serverStderr = (serverStderr + chunk.toString("utf8")).slice(-65536);
}

// Starts `kosmo mcp:serve --http 127.0.0.1:0 …` and resolves with the child and the endpoint
// URL from its "kosmo mcp:serve listening on http://HOST:PORT/mcp" line.
// A server this script started must not outlive it, whatever ends the script.
let httpChild = null;
process.on("exit", () => {
  if (httpChild && httpChild.exitCode === null && httpChild.signalCode === null) {
    httpChild.kill("SIGKILL");
  }
});

function startHttpServer() {
  const child = spawn(options.kosmo, ["mcp:serve", "--http", "127.0.0.1:0", ...options.serve], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  httpChild = child;
  let stdout = "";
  child.stdout.on("data", (chunk) => (stdout += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error("no 'listening on' line on stderr within 15 s"));
    }, 15000);
    child.stderr.on("data", (chunk) => {
      keepStderr(chunk);
      const match = serverStderr.match(/kosmo mcp:serve listening on (http:\/\/\S+\/mcp)/);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: new URL(match[1]), stdout: () => stdout });
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`kosmo mcp:serve --http exited (${code ?? signal}) before listening`));
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

// Resolves with the child's exit code (or signal name) once it has exited, or with "running"
// after `ms`.
function exitOf(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(child.exitCode ?? child.signalCode);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("running"), ms);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal);
    });
  });
}

async function connect() {
  const client = new Client({ name: "kosmo-sdk-interop", version: "1.0.0" });
  // Errors the SDK reports outside a request (e.g. a response for an unknown id).
  const clientErrors = [];
  client.onerror = (error) => clientErrors.push(String(error?.message ?? error));
  let tapped;
  let server = null;
  if (options.transport === "stdio") {
    tapped = new TappedTransport(
      new StdioClientTransport({
        command: options.kosmo,
        args: ["mcp:serve", ...options.serve],
        env: { ...process.env },
        cwd: process.cwd(),
        stderr: "pipe",
      }),
    );
    tapped.inner.stderr?.on("data", keepStderr);
  } else {
    server = await startHttpServer();
    tapped = new TappedTransport(new StreamableHTTPClientTransport(server.url));
  }
  await client.connect(tapped);
  return { client, tapped, server, clientErrors };
}

// --- scenarios ----------------------------------------------------------------------------------

const kScenarioTimeoutMs = 30000;

function check(problems, condition, text) {
  if (!condition) problems.push(text);
}

// The 20-call workflow: one lua_execute call, 20 vendor reads, only their ids come back.
const kTwentyCalls = `
local ids = {}
for i = 1, 20 do
  local group = app.integrations.sinch.get_group{group_id = string.format("${tag}-%02d", i)}
  ids[#ids + 1] = group.id
end
return ids
`;

async function listAllTools(client) {
  const tools = [];
  let cursor;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

const scenarios = {
  async initialize({ client, tapped }, problems) {
    const info = client.getServerVersion();
    const capabilities = client.getServerCapabilities() ?? {};
    check(problems, typeof info?.name === "string" && info.name.length > 0, "serverInfo.name");
    check(problems, typeof info?.version === "string", "serverInfo.version");
    check(problems, tapped.protocolVersion === "2025-11-25",
          `protocol version ${tapped.protocolVersion}, want 2025-11-25`);
    check(problems, capabilities.tools !== undefined, "capabilities.tools missing");
    if (options.transport === "http") {
      check(problems, typeof tapped.sessionId === "string" && tapped.sessionId.length > 0,
            "no Mcp-Session-Id after initialize");
    }
    return {
      server_name: info?.name,
      protocol_version: tapped.protocolVersion,
      capabilities: Object.keys(capabilities).sort(),
      session_id: options.transport === "http" ? Boolean(tapped.sessionId) : undefined,
    };
  },

  async ping({ client }, problems) {
    const result = await client.ping();
    check(problems, result && Object.keys(result).length === 0, `ping answered ${JSON.stringify(result)}`);
    return {};
  },

  async logging_set_level({ client }, problems) {
    const result = await client.setLoggingLevel("info");
    check(problems, result && Object.keys(result).length === 0,
          `logging/setLevel answered ${JSON.stringify(result)}`);
    return {};
  },

  async list_tools({ client }, problems) {
    const tools = await listAllTools(client);
    const byName = new Map(tools.map((t) => [t.name, t]));
    const read = byName.get("integration__sinch__get_group");
    check(problems, read !== undefined, "integration__sinch__get_group is not listed");
    if (read) {
      check(problems, read.inputSchema?.type === "object", "get_group inputSchema.type");
      check(problems, read.inputSchema?.properties?.group_id?.type === "string",
            "get_group inputSchema lacks group_id");
      check(problems, (read.inputSchema?.required ?? []).includes("group_id"),
            "get_group inputSchema does not require group_id");
      check(problems, read.annotations?.readOnlyHint === true, "get_group readOnlyHint");
      check(problems, read.annotations?.destructiveHint !== true, "get_group destructiveHint");
      check(problems, typeof read.description === "string" && read.description.length > 0,
            "get_group description");
    }
    // --write deny: write tools are not even listed.
    check(problems, !byName.has("integration__sinch__send_sms"),
          "integration__sinch__send_sms is listed under --write deny");
    for (const name of ["lua_execute", "lua_docs_search", "lua_docs_read"]) {
      check(problems, byName.has(name), `${name} is not listed`);
    }
    const upstream = `mcp__${options.upstream}__`;
    check(problems, byName.has(`${upstream}echo`), `${upstream}echo is not listed`);
    check(problems, byName.get(`${upstream}echo`)?.annotations?.readOnlyHint === true,
          `${upstream}echo readOnlyHint`);
    check(problems, !byName.has(`${upstream}create_issue`),
          `${upstream}create_issue (a write) is listed under --write deny`);
    // Names a client can use: MCP's tool name rule (1-128 of [A-Za-z0-9_.-]), no duplicates.
    for (const tool of tools) {
      check(problems, /^[A-Za-z0-9_.-]{1,128}$/.test(tool.name), `tool name '${tool.name}'`);
    }
    check(problems, byName.size === tools.length, "duplicate tool names");
    return {
      tool_count: tools.length,
      names: tools.map((t) => t.name).sort(),
      get_group_annotations: read?.annotations,
    };
  },

  async call_read({ client }, problems) {
    const groupId = `${tag}-read`;
    const result = await client.callTool({
      name: "integration__sinch__get_group",
      arguments: { group_id: groupId },
    });
    check(problems, result.isError !== true, `isError: ${JSON.stringify(result.content)}`);
    check(problems, result.structuredContent?.id === groupId,
          `structuredContent.id ${JSON.stringify(result.structuredContent?.id)}`);
    check(problems, result.structuredContent?.name === "My new customers",
          "structuredContent.name");
    const text = result.content?.find((block) => block.type === "text")?.text ?? "";
    check(problems, text.includes(groupId), "the text block does not carry the group");
    return { group_id: result.structuredContent?.id, is_error: result.isError === true };
  },

  async call_write_refused({ client }, problems) {
    const result = await client.callTool({
      name: "integration__sinch__send_sms",
      arguments: { from: "+15550000000", to: [`+1555${tag.length}000001`], body: `refused ${tag}` },
    });
    check(problems, result.isError === true, "a write under --write deny was not an isError result");
    const code = result.structuredContent?.error_code;
    check(problems, code === "permission_denied", `error_code ${JSON.stringify(code)}`);
    const text = result.content?.find((block) => block.type === "text")?.text ?? "";
    check(problems, text.length > 0, "no text block explaining the refusal");
    return { is_error: result.isError === true, error_code: code, text };
  },

  async lua_execute({ client }, problems) {
    const tools = await listAllTools(client);
    const schema = tools.find((t) => t.name === "lua_execute")?.inputSchema;
    check(problems, schema?.properties?.code !== undefined,
          `lua_execute inputSchema has no 'code': ${JSON.stringify(schema?.properties)}`);
    const started = performance.now();
    const result = await client.callTool({ name: "lua_execute", arguments: { code: kTwentyCalls } });
    const ms = performance.now() - started;
    const envelope = result.structuredContent ?? {};
    const calls = Array.isArray(envelope.integration_calls) ? envelope.integration_calls : [];
    check(problems, result.isError !== true, `isError: ${JSON.stringify(result.content)}`);
    check(problems, calls.length === 20, `${calls.length} integration_calls, want 20`);
    check(problems, calls.every((c) => c.path === "integrations.sinch.get_group" && c.status === "ok"),
          "not every call is an ok integrations.sinch.get_group");
    const ids = Array.isArray(envelope.result) ? envelope.result[0] : undefined;
    check(problems, Array.isArray(ids) && ids.length === 20 && ids[19] === `${tag}-20`,
          `result ${JSON.stringify(envelope.result)?.slice(0, 200)}`);
    return { integration_calls: calls.length, call_ms: Math.round(ms), envelope_keys: Object.keys(envelope).sort() };
  },

  // Progress is counted on the wire: the SDK hands notifications to onprogress a microtask
  // later, but settles the call synchronously, so over stdio notifications that arrive in the
  // same read as the result reach no handler (SDK 1.32 behaviour, not the server's doing).
  async lua_progress({ client, tapped }, problems) {
    const delivered = [];
    const receivedBefore = tapped.received.length;
    const sentBefore = tapped.sent.length;
    const result = await client.callTool(
      { name: "lua_execute", arguments: { code: kTwentyCalls.replaceAll(`${tag}-`, `${tag}-p`) } },
      undefined,
      { onprogress: (p) => delivered.push(p) },
    );
    const request = tapped.sent.slice(sentBefore).find((m) => m.method === "tools/call");
    const token = request?.params?._meta?.progressToken;
    const progress = tapped.received
      .slice(receivedBefore)
      .filter((m) => m.method === "notifications/progress" && m.params?.progressToken === token)
      .map((m) => m.params);
    check(problems, token !== undefined, "the SDK sent no progressToken");
    check(problems, result.isError !== true, `isError: ${JSON.stringify(result.content)}`);
    check(problems, progress.length >= 1, "no notifications/progress for a call with a progressToken");
    const values = progress.map((p) => p.progress);
    check(problems, values.every((v, i) => i === 0 || v > values[i - 1]),
          `progress does not increase: ${JSON.stringify(values)}`);
    check(problems, progress.every((p) => p.total === undefined || p.progress <= p.total),
          "progress above its total");
    return {
      progress_notifications: progress.length,
      delivered_to_onprogress: delivered.length,
      last: progress.at(-1),
    };
  },

  async upstream_tool({ client }, problems) {
    const result = await client.callTool({
      name: `mcp__${options.upstream}__echo`,
      arguments: { message: `hello ${tag}` },
    });
    const text = result.content?.find((block) => block.type === "text")?.text;
    check(problems, result.isError !== true, `isError: ${JSON.stringify(result.content)}`);
    check(problems, text === `hello ${tag}`, `echo answered ${JSON.stringify(text)}`);
    return { text };
  },

  async upstream_resource({ client }, problems) {
    const { resources } = await client.listResources();
    check(problems, resources.length >= 1, "no resources listed");
    const readme = resources.find((r) => r.name === "readme" || r.uri.includes("readme")) ??
      resources.find((r) => /readme/i.test(JSON.stringify(r)));
    check(problems, readme !== undefined, `no proxied readme in ${JSON.stringify(resources)}`);
    if (!readme) return { resources: resources.length };
    const read = await client.readResource({ uri: readme.uri });
    const text = read.contents?.[0]?.text;
    check(problems, text === "Fake README", `read ${JSON.stringify(read.contents)}`);
    return { uri: readme.uri, text };
  },

  async upstream_prompt({ client }, problems) {
    const { prompts } = await client.listPrompts();
    const name = `mcp__${options.upstream}__summarize`;
    const listed = prompts.find((p) => p.name === name);
    check(problems, listed !== undefined, `${name} not in ${JSON.stringify(prompts.map((p) => p.name))}`);
    check(problems, listed?.arguments?.some((a) => a.name === "topic" && a.required === true),
          "the prompt's topic argument is lost");
    const got = await client.getPrompt({ name, arguments: { topic: `Oslo ${tag}` } });
    const text = got.messages?.[0]?.content?.text;
    check(problems, text === `Summarize Oslo ${tag}`, `prompt text ${JSON.stringify(text)}`);
    return { name, text };
  },

  // A long lua_execute is cancelled by the client (AbortSignal: the SDK rejects at once and
  // sends notifications/cancelled); the server must go on answering: ping at once, and a new
  // tool call soon, which it can only run once the cancelled run has really stopped (one worker).
  async cancel({ client, tapped, clientErrors }, problems) {
    const controller = new AbortController();
    const sentBefore = tapped.sent.length;
    const started = performance.now();
    const call = client.callTool(
      { name: "lua_execute", arguments: { code: "local n = 0 while true do n = n + 1 end" } },
      undefined,
      { signal: controller.signal, timeout: 60000 },
    );
    setTimeout(() => controller.abort("test cancels"), 500);
    let rejected = false;
    try {
      await call;
    } catch {
      rejected = true;
    }
    const cancelMs = performance.now() - started;
    check(problems, rejected, "the cancelled call resolved instead of rejecting");
    const request = tapped.sent.slice(sentBefore).find((m) => m.method === "tools/call");
    const cancelled = tapped.sent.slice(sentBefore).find((m) => m.method === "notifications/cancelled");
    check(problems, cancelled?.params?.requestId === request?.id,
          "the SDK sent no notifications/cancelled for the call");

    const pingStarted = performance.now();
    await client.ping({ timeout: 5000 });
    const pingMs = performance.now() - pingStarted;

    const nextStarted = performance.now();
    const next = await client.callTool(
      { name: "lua_execute", arguments: { code: "return 1 + 1" } },
      undefined,
      { timeout: 10000 },
    );
    const nextMs = performance.now() - nextStarted;
    check(problems, next.isError !== true, `the call after the cancel failed: ${JSON.stringify(next.content)}`);
    check(problems, nextMs < 5000, `the call after the cancel took ${Math.round(nextMs)} ms`);
    // The spec: a cancelled request gets no response. Wait a moment for a late one.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const late = request ? tapped.responsesTo(request.id).length : 0;
    check(problems, late === 0, "the server answered the cancelled request");
    return {
      cancel_ms: Math.round(cancelMs),
      ping_ms: Math.round(pingMs),
      next_call_ms: Math.round(nextMs),
      late_responses: late,
      client_errors: clientErrors.slice(),
    };
  },
};

const kDefaultScenarios = [
  "initialize", "ping", "logging_set_level", "list_tools", "call_read", "call_write_refused",
  "lua_execute", "lua_progress", "upstream_tool", "upstream_resource", "upstream_prompt", "cancel",
];

// --- main ---------------------------------------------------------------------------------------

function emit(line) {
  process.stdout.write(JSON.stringify({ transport: options.transport, ...line }) + "\n");
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// Always dumps the server's stderr: the C++ test looks for credentials in it, and a reader of a
// failed scenario needs it.
function finish(ok) {
  console.error("--- kosmo mcp:serve stderr (last 64 KiB) ---");
  console.error(serverStderr);
  process.exit(ok ? 0 : 1);
}

const wanted = options.scenarios ?? kDefaultScenarios;
for (const name of wanted) {
  if (!scenarios[name]) usage(`unknown scenario ${name}`);
}

let allOk = true;
let session;
try {
  const started = performance.now();
  session = await withTimeout(connect(), kScenarioTimeoutMs, "connect");
  emit({ scenario: "connect", ok: true, problems: [], ms: Math.round(performance.now() - started) });
} catch (error) {
  emit({ scenario: "connect", ok: false, problems: [String(error?.message ?? error)] });
  await new Promise((resolve) => setTimeout(resolve, 200));  // the server's last stderr words
  finish(false);
}

for (const name of wanted) {
  const problems = [];
  const started = performance.now();
  let facts = {};
  try {
    facts = (await withTimeout(scenarios[name](session, problems), kScenarioTimeoutMs, name)) ?? {};
  } catch (error) {
    problems.push(`threw: ${error?.message ?? error}`);
  }
  const ok = problems.length === 0;
  allOk &&= ok;
  emit({ scenario: name, ok, problems, ms: Math.round(performance.now() - started), ...facts });
}

// Shutdown as a client does it: close the transport (stdio: stdin ends, then SIGTERM after 2 s;
// HTTP: DELETE the session, then SIGTERM the server as a supervisor would). The server must
// exit on its own and cleanly.
{
  const problems = [];
  const started = performance.now();
  let exit;
  if (options.transport === "stdio") {
    const child = session.tapped.inner._process;  // the SDK's child; private but plain JS
    await session.client.close();
    exit = child ? await exitOf(child, 5000) : "unknown";
    check(problems, exit === 0, `kosmo mcp:serve (stdio) ended with ${exit} after stdin closed`);
  } else {
    let deleted = true;
    try {
      await session.tapped.inner.terminateSession();
    } catch (error) {
      deleted = false;
      problems.push(`DELETE of the session failed: ${error?.message ?? error}`);
    }
    await session.client.close();
    session.server.child.kill("SIGTERM");
    exit = await exitOf(session.server.child, 5000);
    check(problems, exit === 0, `kosmo mcp:serve --http ended with ${exit} after SIGTERM`);
    check(problems, session.server.stdout() === "",
          `the HTTP server wrote to stdout: ${session.server.stdout().slice(0, 200)}`);
    if (exit === "running") session.server.child.kill("SIGKILL");
    if (!deleted) allOk = false;
  }
  const ok = problems.length === 0;
  allOk &&= ok;
  emit({ scenario: "shutdown", ok, problems, ms: Math.round(performance.now() - started), exit });
}

finish(allOk);
