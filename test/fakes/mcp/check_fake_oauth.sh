#!/usr/bin/env bash
# A manual check of kosmo_fake_mcp's OAuth mode (--http --oauth, test/fakes/mcp/fake_oauth.h),
# walking its flows with curl the way kosmo's MCP OAuth client will; not wired into CTest.
#
#   test/fakes/mcp/check_fake_oauth.sh [FAKE]
#
# FAKE is the fake server's binary; without it $KOSMO_FAKE_MCP, and without that the script
# builds one standalone into /tmp/fake_mcp_oauth (g++, cpp-httplib). Needs curl, jq and openssl.
# It starts four fakes on 127.0.0.1 (stdin a FIFO it holds: closing it stops each one):
#   A  --http --oauth --oauth-client pre:presecret --token-ttl 2
#      401 + WWW-Authenticate on /mcp, both metadata documents, /register, /authorize with a real
#      PKCE pair (and its refusals), the code exchange (single use, verifier, redirect_uri,
#      resource, client secret), initialize and tools/list with the bearer token, refresh
#      rotation, expiry after the TTL, client_credentials with Basic, /debug/log (no secrets).
#   B  FAKE_MCP_OPTIONS="--oauth --revoke-refresh" --http --oauth-scope files:read
#      --oauth-resource https://elsewhere.example/mcp --oauth-client 'pre:p@ss:w+rd'
#      the lying resource metadata, refused refresh tokens, percent-encoded Basic credentials.
#   C  --http --oauth --oauth-client pub: a public client (client_id alone), no client_credentials.
#   D  --http (no --oauth): initialize without a token, no OAuth routes, the old log entries.
# Prints one line per failed check and a summary; exits 1 when any check failed.
set -uo pipefail

cd "$(dirname "$0")/../../.." || exit 2
for tool in curl jq openssl; do
  command -v "$tool" >/dev/null || { echo "check_fake_oauth: needs $tool" >&2; exit 2; }
done
FAKE=${1:-${KOSMO_FAKE_MCP:-}}
if [[ -z "$FAKE" ]]; then
  FAKE=/tmp/fake_mcp_oauth
  echo "building $FAKE"
  HTTPLIB=$(pkg-config --cflags --libs cpp-httplib 2>/dev/null || echo -lcpp-httplib)
  # shellcheck disable=SC2086
  g++ -std=c++20 -O1 -g -Wall -Wextra -DRAPIDJSON_HAS_STDSTRING=1 -I. -Itest \
    test/fakes/mcp/fake_mcp_server.cpp lib/mcp/sha256.cpp -o "$FAKE" -lpthread $HTTPLIB || exit 2
fi

TMP=$(mktemp -d)
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$TMP"
}
trap cleanup EXIT

PASSED=0
FAILED=0
# check WHAT COMMAND...: runs COMMAND, counting it passed when it succeeds.
check() {
  local what=$1
  shift
  if "$@"; then
    PASSED=$((PASSED + 1))
  else
    FAILED=$((FAILED + 1))
    echo "FAIL: $what" >&2
  fi
}
eq() {
  [[ "$1" == "$2" ]] && return 0
  echo "  expected: $2" >&2
  echo "  got:      $1" >&2
  return 1
}
absent() { # TEXT NEEDLE...
  local needle
  for needle in "${@:2}"; do
    [[ "$1" != *"$needle"* ]] || { echo "  found '$needle' in: $1" >&2; return 1; }
  done
}

# start_fake ARGS...: FAKE_PID, FAKE_FD (its stdin), PORT and BASE. $FAKE_ENV_OPTIONS becomes
# FAKE_MCP_OPTIONS.
start_fake() {
  FAKE_DIR=$(mktemp -d "$TMP/fake.XXXX")
  mkfifo "$FAKE_DIR/stdin"
  FAKE_MCP_OPTIONS="${FAKE_ENV_OPTIONS:-}" "$FAKE" "$@" <"$FAKE_DIR/stdin" \
    >"$FAKE_DIR/stdout" 2>"$FAKE_DIR/stderr" &
  FAKE_PID=$!
  PIDS+=("$FAKE_PID")
  exec {FAKE_FD}>"$FAKE_DIR/stdin"
  for _ in $(seq 100); do
    grep -q '^PORT ' "$FAKE_DIR/stdout" 2>/dev/null && break
    sleep 0.05
  done
  PORT=$(awk '/^PORT /{print $2}' "$FAKE_DIR/stdout")
  [[ -n "$PORT" ]] || { echo "the fake did not start: $(cat "$FAKE_DIR/stderr")" >&2; exit 1; }
  BASE="http://127.0.0.1:$PORT"
}
stop_fake() { # closing stdin ends the fake; a sanitizer build's reports go to its stderr
  exec {FAKE_FD}>&-
  wait "$FAKE_PID"
  check "the fake exits 0" eq "$?" 0
  check "nothing alarming on the fake's stderr" absent "$(cat "$FAKE_DIR/stderr")" \
    "runtime error" "Sanitizer" "terminate"
}

# request METHOD URL CURL-ARGS...: STATUS, BODY, and the headers for header().
request() {
  local method=$1 url=$2
  shift 2
  STATUS=$(curl -s -X "$method" -D "$TMP/headers" -o "$TMP/body" -w '%{http_code}' "$@" "$url")
  BODY=$(cat "$TMP/body")
}
header() { grep -i "^$1:" "$TMP/headers" | head -1 | cut -d' ' -f2- | tr -d '\r'; }
json() { jq -r "$1" <<<"$BODY"; }
query_param() { sed -n "s/.*[?&]$2=\([^&]*\).*/\1/p" <<<"$1"; }

INITIALIZE='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"check","version":"1"}}}'
ACCEPT='Accept: application/json, text/event-stream'
mcp() { # METHOD TOKEN [BODY [SESSION]]: a request to /mcp, with a bearer token unless TOKEN is ""
  local args=(-H "$ACCEPT" -H 'Content-Type: application/json')
  [[ -n "$2" ]] && args+=(-H "Authorization: Bearer $2")
  [[ -n "${3:-}" ]] && args+=(--data "$3")
  [[ -n "${4:-}" ]] && args+=(-H "Mcp-Session-Id: $4" -H 'MCP-Protocol-Version: 2025-11-25')
  request "$1" "$BASE/mcp" "${args[@]}"
}

challenge_of() {
  printf %s "$1" | openssl dgst -sha256 -binary | openssl base64 -A | tr '+/' '-_' | tr -d '='
}
VERIFIER=$(openssl rand -base64 48 | tr '+/' '-_' | tr -d '=\n')
CHALLENGE=$(challenge_of "$VERIFIER")
REDIRECT=http://127.0.0.1:53682/callback

# authorize [KEY=VALUE...]: GET /authorize with CLIENT_ID's usual parameters, KEY=VALUE
# replacing one (KEY=- leaves it out); LOCATION is where it redirects.
authorize() {
  declare -A params=([response_type]=code [client_id]=$CLIENT_ID [redirect_uri]=$REDIRECT
    [state]=st-1 [code_challenge]=$CHALLENGE [code_challenge_method]=S256 [scope]=mcp:tools
    [resource]=$BASE/mcp)
  local pair key args=()
  for pair in "$@"; do params[${pair%%=*}]=${pair#*=}; done
  for key in "${!params[@]}"; do
    [[ "${params[$key]}" == - ]] || args+=(--data-urlencode "$key=${params[$key]}")
  done
  request GET "$BASE/authorize" -G "${args[@]}"
  LOCATION=$(header Location)
}

# ---------------------------------------------------------------------------------------------
echo "A: --http --oauth --oauth-client pre:presecret --token-ttl 2"
start_fake --http --oauth --oauth-client pre:presecret --token-ttl 2
PRM_URL="$BASE/.well-known/oauth-protected-resource/mcp"

mcp POST "" "$INITIALIZE"
check "initialize without a token: 401" eq "$STATUS" 401
check "401 challenge without a token" eq "$(header WWW-Authenticate)" \
  "Bearer resource_metadata=\"$PRM_URL\", scope=\"mcp:tools\""
check "401 body" eq "$(json .error)" invalid_token
mcp POST fake-at-999 "$INITIALIZE"
check "an unknown token: 401" eq "$STATUS" 401
check "401 challenge with a token" eq "$(header WWW-Authenticate)" \
  "Bearer resource_metadata=\"$PRM_URL\", scope=\"mcp:tools\", error=\"invalid_token\""
mcp GET ""
check "GET /mcp without a token: 401" eq "$STATUS" 401
mcp DELETE ""
check "DELETE /mcp without a token: 401" eq "$STATUS" 401

request GET "$PRM_URL"
check "resource metadata: 200" eq "$STATUS" 200
check "resource metadata" eq "$(jq -c '[.resource, .authorization_servers, .scopes_supported]' <<<"$BODY")" \
  "[\"$BASE/mcp\",[\"$BASE\"],[\"mcp:tools\"]]"
request GET "$BASE/.well-known/oauth-authorization-server"
check "server metadata: 200" eq "$STATUS" 200
check "server metadata endpoints" eq "$(jq -c '[.issuer, .authorization_endpoint, .token_endpoint, .registration_endpoint]' <<<"$BODY")" \
  "[\"$BASE\",\"$BASE/authorize\",\"$BASE/token\",\"$BASE/register\"]"
check "server metadata lists" eq "$(jq -c '[.response_types_supported, .grant_types_supported, .code_challenge_methods_supported, .token_endpoint_auth_methods_supported, .scopes_supported]' <<<"$BODY")" \
  '[["code"],["authorization_code","refresh_token","client_credentials"],["S256"],["client_secret_basic","client_secret_post","none"],["mcp:tools","offline_access"]]'
for path in oauth-protected-resource openid-configuration oauth-authorization-server/mcp; do
  request GET "$BASE/.well-known/$path"
  check "/.well-known/$path: 404" eq "$STATUS" 404
done

request POST "$BASE/register" -H 'Content-Type: application/json' --data '{"client_name":"check"}'
check "register without redirect_uris: 400" eq "$STATUS $(json .error)" "400 invalid_client_metadata"
request POST "$BASE/register" -H 'Content-Type: application/json' --data '{"redirect_uris":[]}'
check "register with no redirect_uris: 400" eq "$STATUS $(json .error)" "400 invalid_client_metadata"
request POST "$BASE/register" -H 'Content-Type: application/json' \
  --data "{\"client_name\":\"check\",\"redirect_uris\":[\"$REDIRECT\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"token_endpoint_auth_method\":\"none\"}"
check "register: 201" eq "$STATUS" 201
check "registered client" eq "$(jq -c '[.client_id, .client_secret, .token_endpoint_auth_method, .redirect_uris, .grant_types]' <<<"$BODY")" \
  "[\"fake-client-1\",\"fake-secret-1\",\"client_secret_basic\",[\"$REDIRECT\"],[\"authorization_code\",\"refresh_token\"]]"
CLIENT_ID=fake-client-1
SECRET=fake-secret-1

authorize
check "authorize: 302" eq "$STATUS" 302
CODE=$(query_param "$LOCATION" code)
check "authorize redirects with code and state" eq "$LOCATION" "$REDIRECT?code=$CODE&state=st-1"
check "a code" eq "${CODE%%[0-9]*}" fake-code-
authorize state=-
check "no state sent, none returned" eq "$LOCATION" "$REDIRECT?code=$(query_param "$LOCATION" code)"
authorize client_id=nobody
check "authorize for an unknown client: 400, no redirect" eq "$STATUS ${LOCATION:-none}" "400 none"
authorize redirect_uri=https://evil.example/callback
check "authorize with a remote redirect_uri: 400" eq "$STATUS ${LOCATION:-none}" "400 none"
authorize redirect_uri=-
check "authorize without redirect_uri: 400" eq "$STATUS" 400
authorize redirect_uri=http://localhost:8123/cb
check "localhost redirect_uri accepted" eq "$(query_param "$LOCATION" state)" st-1
authorize code_challenge_method=plain
check "plain PKCE refused" eq "$STATUS $(query_param "$LOCATION" error) $(query_param "$LOCATION" state)" \
  "302 invalid_request st-1"
authorize code_challenge=- code_challenge_method=-
check "no PKCE refused" eq "$(query_param "$LOCATION" error)" invalid_request
authorize response_type=token
check "response_type token refused" eq "$(query_param "$LOCATION" error)" unsupported_response_type
authorize resource=https://elsewhere.example/mcp
check "another resource refused" eq "$(query_param "$LOCATION" error)" invalid_target
authorize resource=-
check "no resource refused" eq "$(query_param "$LOCATION" error)" invalid_target

token() { request POST "$BASE/token" "$@"; }
grant=(--data-urlencode grant_type=authorization_code --data-urlencode "code=$CODE")
token -u "$CLIENT_ID:$SECRET" "${grant[@]}" --data-urlencode "redirect_uri=$REDIRECT" \
  --data-urlencode "code_verifier=${VERIFIER%?}x" --data-urlencode "resource=$BASE/mcp"
check "wrong verifier: invalid_grant" eq "$STATUS $(json .error)" "400 invalid_grant"
token -u "$CLIENT_ID:$SECRET" "${grant[@]}" --data-urlencode "redirect_uri=$REDIRECT" \
  --data-urlencode "code_verifier=$VERIFIER" --data-urlencode "resource=$BASE/other"
check "wrong resource: invalid_target" eq "$STATUS $(json .error)" "400 invalid_target"
token -u "$CLIENT_ID:$SECRET" "${grant[@]}" --data-urlencode "redirect_uri=$REDIRECT/x" \
  --data-urlencode "code_verifier=$VERIFIER" --data-urlencode "resource=$BASE/mcp"
check "wrong redirect_uri: invalid_grant" eq "$STATUS $(json .error)" "400 invalid_grant"
token -u "$CLIENT_ID:wrong" "${grant[@]}" --data-urlencode "redirect_uri=$REDIRECT" \
  --data-urlencode "code_verifier=$VERIFIER" --data-urlencode "resource=$BASE/mcp"
check "wrong secret: 401 invalid_client" eq "$STATUS $(json .error)" "401 invalid_client"
token "${grant[@]}" --data-urlencode "client_id=$CLIENT_ID" --data-urlencode "redirect_uri=$REDIRECT" \
  --data-urlencode "code_verifier=$VERIFIER" --data-urlencode "resource=$BASE/mcp"
check "a confidential client without its secret: 401" eq "$STATUS $(json .error)" "401 invalid_client"
token -u "$CLIENT_ID:$SECRET" -H 'Content-Type: application/json' --data '{}'
check "a JSON token request: 400" eq "$STATUS $(json .error)" "400 invalid_request"
token -u "$CLIENT_ID:$SECRET" "${grant[@]}" --data-urlencode "redirect_uri=$REDIRECT" \
  --data-urlencode "code_verifier=$VERIFIER" --data-urlencode "resource=$BASE/mcp"
check "code exchange: 200" eq "$STATUS" 200
check "code exchange tokens" eq "$(jq -c '[.token_type, .expires_in, .scope, (.access_token|test("^fake-at-")), (.refresh_token|test("^fake-rt-"))]' <<<"$BODY")" \
  '["Bearer",2,"mcp:tools",true,true]'
ACCESS=$(json .access_token)
REFRESH=$(json .refresh_token)
mcp POST "$ACCESS" "$INITIALIZE"
check "initialize with the token: 200" eq "$STATUS" 200
check "initialize answered" eq "$(json .result.protocolVersion)" 2025-11-25
SESSION=$(header Mcp-Session-Id)
mcp POST "$ACCESS" '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' "$SESSION"
check "tools/list with the token" eq "$STATUS $(json '.result.tools|length')" "200 11"
token -u "$CLIENT_ID:$SECRET" "${grant[@]}" --data-urlencode "redirect_uri=$REDIRECT" \
  --data-urlencode "code_verifier=$VERIFIER" --data-urlencode "resource=$BASE/mcp"
check "a code is single use" eq "$STATUS $(json .error)" "400 invalid_grant"

# RFC 7636 Appendix B's pair, independent of openssl.
authorize code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM scope=-
token --data-urlencode grant_type=authorization_code \
  --data-urlencode "code=$(query_param "$LOCATION" code)" --data-urlencode "redirect_uri=$REDIRECT" \
  --data-urlencode code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk \
  --data-urlencode "resource=$BASE/mcp" --data-urlencode "client_id=$CLIENT_ID" \
  --data-urlencode "client_secret=$SECRET"
check "RFC 7636 test vector, client_secret_post, default scope" eq "$STATUS $(json .scope)" \
  "200 mcp:tools"

token -u "$CLIENT_ID:$SECRET" --data-urlencode grant_type=refresh_token \
  --data-urlencode "refresh_token=$REFRESH" --data-urlencode "resource=$BASE/mcp"
check "refresh: 200" eq "$STATUS $(json .token_type)" "200 Bearer"
check "refresh rotates both tokens" eq "$(json '.access_token != "'"$ACCESS"'" and .refresh_token != "'"$REFRESH"'"')" true
OLD_REFRESH=$REFRESH
ACCESS=$(json .access_token)
REFRESH=$(json .refresh_token)
token -u "$CLIENT_ID:$SECRET" --data-urlencode grant_type=refresh_token \
  --data-urlencode "refresh_token=$OLD_REFRESH"
check "the old refresh token stops working" eq "$STATUS $(json .error)" "400 invalid_grant"
token -u pre:presecret --data-urlencode grant_type=refresh_token --data-urlencode "refresh_token=$REFRESH"
check "another client's refresh token" eq "$STATUS $(json .error)" "400 invalid_grant"
mcp POST "$ACCESS" '{"jsonrpc":"2.0","id":3,"method":"ping"}' "$SESSION"
check "the refreshed token works" eq "$STATUS" 200
sleep 2.3
mcp POST "$ACCESS" '{"jsonrpc":"2.0","id":4,"method":"ping"}' "$SESSION"
check "expired after --token-ttl 2" eq "$STATUS" 401
check "expired: error=invalid_token" eq "$(header WWW-Authenticate)" \
  "Bearer resource_metadata=\"$PRM_URL\", scope=\"mcp:tools\", error=\"invalid_token\""
token -u "$CLIENT_ID:$SECRET" --data-urlencode grant_type=refresh_token \
  --data-urlencode "refresh_token=$REFRESH"
ACCESS=$(json .access_token)
mcp POST "$ACCESS" '{"jsonrpc":"2.0","id":5,"method":"ping"}' "$SESSION"
check "refreshed after expiry" eq "$STATUS" 200
mcp DELETE "$ACCESS" "" "$SESSION"
check "DELETE with the token" eq "$STATUS" 200

token -u pre:presecret --data-urlencode grant_type=client_credentials \
  --data-urlencode "resource=$BASE/mcp" --data-urlencode "scope=mcp:tools"
check "client_credentials, Basic: 200" eq "$STATUS" 200
check "client_credentials: no refresh token" eq "$(jq -c '[.scope, has("refresh_token")]' <<<"$BODY")" \
  '["mcp:tools",false]'
mcp POST "$(json .access_token)" "$INITIALIZE"
check "client_credentials token works" eq "$STATUS" 200
token -u pre:nope --data-urlencode grant_type=client_credentials
check "client_credentials, wrong secret: 401" eq "$STATUS $(json .error)" "401 invalid_client"
token -u "$CLIENT_ID:$SECRET" --data-urlencode grant_type=client_credentials
check "client_credentials for a registered client" eq "$STATUS $(json .error)" "400 unauthorized_client"
token -u pre:presecret --data-urlencode grant_type=password
check "grant_type password" eq "$STATUS $(json .error)" "400 unsupported_grant_type"

request GET "$BASE/debug/log"
LOG=$BODY
check "the first entry: initialize without a bearer" eq "$(jq -c '.[0] | [.method, .rpc, .bearer]' <<<"$LOG")" \
  '["POST","initialize",false]'
check "MCP entries keep their fields, plus bearer" eq "$(jq -c '[.[] | select(has("rpc"))][0] | keys' <<<"$LOG")" \
  '["bearer","last_event_id","method","rpc","session","version","x_test"]'
check "initializes with a bearer logged (fake-at-999's too)" \
  eq "$(jq '[.[] | select(.rpc == "initialize" and .bearer)] | length' <<<"$LOG")" 3
check "metadata entries" eq "$(jq -c '[.[] | select(.path != null and (.path | startswith("/.well-known")))] | map([.method, .path, .status])[0:2]' <<<"$LOG")" \
  '[["GET","/.well-known/oauth-protected-resource/mcp",200],["GET","/.well-known/oauth-authorization-server",200]]'
check "register entry" eq "$(jq -c '[.[] | select(.path == "/register" and .status == 201)][0]' <<<"$LOG")" \
  '{"method":"POST","path":"/register","client_id":"fake-client-1","status":201}'
check "authorize entry" eq "$(jq -c '[.[] | select(.path == "/authorize")][0]' <<<"$LOG")" \
  "{\"method\":\"GET\",\"path\":\"/authorize\",\"client_id\":\"fake-client-1\",\"resource\":\"$BASE/mcp\",\"scope\":\"mcp:tools\",\"code_challenge_method\":\"S256\",\"status\":302}"
check "a refused authorize entry" eq "$(jq -c '[.[] | select(.path == "/authorize" and .error == "invalid_target")][0] | [.status, .error]' <<<"$LOG")" \
  '[302,"invalid_target"]'
check "code exchange entry" eq "$(jq -c '[.[] | select(.grant_type == "authorization_code" and .status == 200)][0]' <<<"$LOG")" \
  "{\"method\":\"POST\",\"path\":\"/token\",\"grant_type\":\"authorization_code\",\"client_id\":\"fake-client-1\",\"client_auth\":\"basic\",\"resource\":\"$BASE/mcp\",\"status\":200}"
check "client_secret_post logged" eq "$(jq -c '[.[] | select(.client_auth == "post")][0] | [.grant_type, .status]' <<<"$LOG")" \
  '["authorization_code",200]'
check "client_id alone logged as none" eq "$(jq -c '[.[] | select(.client_auth == "none")][0] | [.status, .error]' <<<"$LOG")" \
  '[401,"invalid_client"]'
check "refresh and client_credentials entries" eq "$(jq -c '[.[] | select(.grant_type == "refresh_token" or .grant_type == "client_credentials") | .grant_type] | unique' <<<"$LOG")" \
  '["client_credentials","refresh_token"]'
check "no secret in the log" absent "$LOG" fake-at- fake-rt- fake-code- fake-secret- presecret \
  "$VERIFIER" dBjftJeZ4CVP "$CHALLENGE"
stop_fake

# ---------------------------------------------------------------------------------------------
echo "B: --oauth --revoke-refresh from FAKE_MCP_OPTIONS, --oauth-resource, --oauth-scope"
FAKE_ENV_OPTIONS="--oauth --revoke-refresh" start_fake --http --oauth-scope files:read \
  --oauth-resource https://elsewhere.example/mcp --oauth-client 'pre:p@ss:w+rd'
mcp POST "" "$INITIALIZE"
check "the scope in the challenge" eq "$(header WWW-Authenticate)" \
  "Bearer resource_metadata=\"$BASE/.well-known/oauth-protected-resource/mcp\", scope=\"files:read\""
request GET "$BASE/.well-known/oauth-protected-resource/mcp"
check "the lying resource metadata" eq "$(jq -c '[.resource, .scopes_supported]' <<<"$BODY")" \
  '["https://elsewhere.example/mcp",["files:read"]]'
request GET "$BASE/.well-known/oauth-authorization-server"
check "server metadata scopes" eq "$(jq -c .scopes_supported <<<"$BODY")" '["files:read","offline_access"]'
CLIENT_ID=pre
authorize resource=https://elsewhere.example/mcp scope="files:read offline_access bogus"
check "authorize still wants the real resource" eq "$(query_param "$LOCATION" error)" invalid_target
authorize scope="files:read offline_access bogus"
CODE=$(query_param "$LOCATION" code)
BASIC=$(printf %s 'pre:p%40ss%3Aw%2Brd' | openssl base64 -A)
token -H "Authorization: Basic $BASIC" --data-urlencode grant_type=authorization_code \
  --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT" \
  --data-urlencode "code_verifier=$VERIFIER" --data-urlencode "resource=$BASE/mcp"
check "percent-encoded Basic credentials, the known scopes granted" eq "$STATUS $(json .scope)" \
  "200 files:read offline_access"
REFRESH=$(json .refresh_token)
token -u 'pre:p@ss:w+rd' --data-urlencode grant_type=client_credentials
check "Basic credentials not form-encoded: '+' is a space" eq "$STATUS $(json .error)" "401 invalid_client"
token -H "Authorization: Basic $BASIC" --data-urlencode grant_type=refresh_token \
  --data-urlencode "refresh_token=$REFRESH"
check "--revoke-refresh" eq "$STATUS $(jq -c . <<<"$BODY")" \
  '400 {"error":"invalid_grant","error_description":"refresh token revoked"}'
token -H "Authorization: Basic $BASIC" --data-urlencode grant_type=client_credentials
check "client_credentials with percent-encoded Basic" eq "$STATUS $(json .scope)" "200 files:read"
stop_fake

# ---------------------------------------------------------------------------------------------
echo "C: --http --oauth --oauth-client pub: (a public client)"
start_fake --http --oauth --oauth-client pub:
CLIENT_ID=pub
authorize
token --data-urlencode grant_type=authorization_code --data-urlencode client_id=pub \
  --data-urlencode "code=$(query_param "$LOCATION" code)" --data-urlencode "redirect_uri=$REDIRECT" \
  --data-urlencode "code_verifier=$VERIFIER" --data-urlencode "resource=$BASE/mcp"
check "a public client: client_id alone" eq "$STATUS $(json .token_type)" "200 Bearer"
token --data-urlencode grant_type=refresh_token --data-urlencode client_id=pub \
  --data-urlencode "refresh_token=$(json .refresh_token)"
check "a public client refreshes" eq "$STATUS $(json .token_type)" "200 Bearer"
token --data-urlencode grant_type=client_credentials --data-urlencode client_id=pub
check "no client_credentials for a public client" eq "$STATUS $(json .error)" \
  "400 unauthorized_client"
request GET "$BASE/debug/log"
check "client_auth none logged" eq "$(jq -c '[.[] | select(.path == "/token") | .client_auth] | unique' <<<"$BODY")" \
  '["none"]'
stop_fake

# ---------------------------------------------------------------------------------------------
echo "D: --http without --oauth"
start_fake --http
mcp POST "" "$INITIALIZE"
check "initialize without a token: 200" eq "$STATUS $(json .result.protocolVersion)" "200 2025-11-25"
SESSION=$(header Mcp-Session-Id)
mcp POST "" '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' "$SESSION"
check "tools/list without a token" eq "$STATUS $(json '.result.tools|length')" "200 11"
for path in /.well-known/oauth-protected-resource/mcp /.well-known/oauth-authorization-server \
  /authorize; do
  request GET "$BASE$path"
  check "no $path: 404" eq "$STATUS" 404
done
request POST "$BASE/token" --data grant_type=client_credentials
check "no /token: 404" eq "$STATUS" 404
request GET "$BASE/debug/log"
check "only the MCP entries, with their old fields" eq "$(jq -c 'map(keys) | unique' <<<"$BODY")" \
  '[["last_event_id","method","rpc","session","version","x_test"]]'
check "both MCP requests logged" eq "$(jq -c 'map(.rpc)' <<<"$BODY")" '["initialize","tools/list"]'
FAKE_MCP_OPTIONS="--oauth" "$FAKE" >/dev/null 2>"$TMP/err" </dev/null
check "--oauth needs --http" eq "$? $(cat "$TMP/err")" "2 kosmo_fake_mcp: --oauth needs --http"
stop_fake

echo "$PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
