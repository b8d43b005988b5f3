#!/usr/bin/env kosmo integrations:lua
-- A first workflow that needs no credentials: parse an order feed, pick fields with regex,
-- and read the docs that ship inside the binary.
local feed = json.decode([[
  {"orders": [
    {"id": "A-1001", "customer": "ada@example.com", "total": 129.5, "status": "paid"},
    {"id": "A-1002", "customer": "linus@example.org", "total": 20, "status": "refunded"},
    {"id": "A-1003", "customer": "grace@example.com", "total": 72.25, "status": "paid"}
  ]}
]])

local paid, revenue, domains = 0, 0, {}
for _, order in ipairs(feed.orders) do
  if order.status == "paid" then
    paid = paid + 1
    revenue = revenue + order.total
  end
  local m = regex.match(order.customer, "/@([a-z0-9.-]+)$/i")
  if m then domains[m[1]] = (domains[m[1]] or 0) + 1 end
end

print(string.format("%d paid orders, revenue %.2f", paid, revenue))
local guides = docs.search("json")
return { paid = paid, revenue = revenue, domains = domains, first_doc_hit = guides:match("^[^\n]*") }
