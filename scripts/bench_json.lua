-- JSON throughput: builds a ~20 MB document of distinct records, then times json.decode and
-- json.encode (compact, then pretty) of it with os.clock (CPU seconds). Run by scripts/bench
-- with a raised --memory-limit (and --output-limit for the dump).
-- Every string value is distinct (only the keys repeat, as in any array of records), so Lua's
-- short-string interning gets no free hits, as with a real API response; 1,000 records repeated
-- would flatter it.
--   args.mode: "time" (default) returns the figures; "decode" only builds and decodes (peak
--   RSS); "build" only builds the text (the RSS floor under "decode"); "dump" prints the text,
--   which the RapidJSON and python3 baselines read, so all three see the same bytes.
local records = 65000
local parts = {}
for i = 1, records do
  parts[i] = string.format(
    '{"active":%s,"address":{"city":"City %d","street":"%d Main Street","zip":"Z%07d"},' ..
    '"bio":"Customer %d joined in cohort %d and prefers to be contacted by email.",' ..
    '"email":"user%d@example.com","id":%d,"name":"Customer %d","score":%.3f,' ..
    '"tags":["alpha-%d","beta-%d","gamma-%d"]}',
    i % 2 == 0 and "true" or "false", i, i, i, i, i % 97, i, i, i, i / 7, i, i, i)
end
local text = "[" .. table.concat(parts, ",") .. "]"
parts = nil
local mode = args.mode or "time"
if mode == "dump" then
  print(text)
  return
elseif mode == "build" then
  return #text
elseif mode == "decode" then
  return #json.decode(text)
end
local megabytes = #text / 1e6

-- Each encoding is timed three times and the fastest counts, as the baselines do. Each result
-- stays alive until the collector's next cycle, which these few 20 MB strings do not reach, so
-- every call writes into memory the process never touched (see the "kept alive" RapidJSON rows).
-- Decoding runs once (a second decode of the same text would find its strings interned already).
local function fastest(encode)
  local best, result = math.huge, nil
  for _ = 1, 3 do
    local started = os.clock()
    result = encode()
    best = math.min(best, os.clock() - started)
  end
  return best, result
end

local started = os.clock()
local value = json.decode(text)
local decode_time = os.clock() - started
local encode_time, compact = fastest(function() return json.encode(value, {pretty = false}) end)
local pretty_time, pretty = fastest(function() return json.encode(value) end)

assert(#value == records and #compact > 0 and #pretty > #compact)
return {
  megabytes = megabytes,
  decode_mb_per_s = megabytes / decode_time,
  encode_mb_per_s = megabytes / encode_time,
  pretty_encode_mb_per_s = megabytes / pretty_time,
  round_trip_mb_per_s = megabytes / (decode_time + encode_time),
}
