-- JSON throughput: builds a ~20 MB document, then times json.decode and json.encode of it with
-- os.clock (CPU seconds). Run by scripts/bench with a raised --memory-limit.
-- 1,000 distinct records repeated: a realistic mix of keys and values without leaving the
-- collector a mountain of garbage from building the text, which would be billed to decode.
local parts = {}
for i = 1, 1000 do
  parts[#parts + 1] = string.format(
    '{"id":%d,"name":"customer %d","email":"user%d@example.com","active":%s,"score":%.3f,' ..
    '"tags":["alpha","beta","gamma"],"address":{"street":"%d Main Street","city":"Springfield","zip":"%05d"}}',
    i, i, i, i % 2 == 0 and "true" or "false", i / 7, i, i % 100000)
end
local block = table.concat(parts, ",")
local text = "[" .. string.rep(block, 100, ",") .. "]"
parts = nil
local megabytes = #text / 1e6

local started = os.clock()
local value = json.decode(text)
local decoded = os.clock()
local again = json.encode(value)
local encoded = os.clock()

assert(#value == 100000 and #again > 0)
return {
  megabytes = megabytes,
  decode_mb_per_s = megabytes / (decoded - started),
  encode_mb_per_s = megabytes / (encoded - decoded),
  round_trip_mb_per_s = megabytes / (encoded - started),
}
