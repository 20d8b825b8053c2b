-- wrk script for bench/workers.sh.
--
--   wrk ... -s bench/workers.lua URL -- PATHS_FILE MODE
--
-- PATHS_FILE holds one request path a line: the cc_by_cli top-ups first, then (mode "mixed")
-- the did_create and _health paths as its last two lines. MODE:
--   mixed   of every 4 requests: 2 top-ups of a card drawn at random, 1 did_create answered
--           "DID already exists", 1 _health
--   topup   every request a top-up of a card drawn at random from the file
-- Every answer is classified by its body; done() prints one RESULT line that the shell script
-- parses (rates per second, latencies in milliseconds, counts).

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

function init(args)
  local topups, lines = {}, {}
  for line in io.lines(args[1]) do table.insert(lines, line) end
  mode = args[2]
  if mode == "mixed" then
    health_path = table.remove(lines)
    did_path = table.remove(lines)
  end
  for _, line in ipairs(lines) do table.insert(topups, wrk.format("GET", line)) end
  topup_requests = topups
  if mode == "mixed" then
    did_request = wrk.format("GET", did_path)
    health_request = wrk.format("GET", health_path)
  end
  math.randomseed(os.time() * 100 + id)
  sent = 0
  topup_ok, did_ok, health_ok, bad = 0, 0, 0, 0
  bad_sample = ""
end

function request()
  sent = sent + 1
  if mode == "mixed" then
    local slot = sent % 4
    if slot == 2 then return did_request end
    if slot == 3 then return health_request end
  end
  return topup_requests[math.random(#topup_requests)]
end

function response(status, headers, body)
  if status == 200 and body:find("<card>", 1, true) and body:find("<status>ok</status>", 1, true) then
    topup_ok = topup_ok + 1
  elseif body:find("DID already exists", 1, true) then
    did_ok = did_ok + 1
  elseif status == 200 and body:find("<database>ok</database>", 1, true) then
    health_ok = health_ok + 1
  else
    bad = bad + 1
    if bad_sample == "" then bad_sample = status .. " " .. body:gsub("%s+", " ") end
  end
end

function done(summary, latency, requests)
  local topups, dids, healths, bads, sample = 0, 0, 0, 0, ""
  for _, thread in ipairs(threads) do
    topups = topups + thread:get("topup_ok")
    dids = dids + thread:get("did_ok")
    healths = healths + thread:get("health_ok")
    bads = bads + thread:get("bad")
    if sample == "" then sample = thread:get("bad_sample") end
  end
  local e = summary.errors
  local answered = summary.requests
  local seconds = summary.duration / 1e6
  local function ms(us) return string.format("%.1f", us / 1000) end
  local p50, p99, max = "-", "-", "-"
  if answered > 0 then
    p50, p99, max = ms(latency:percentile(50)), ms(latency:percentile(99)), ms(latency.max)
  end
  io.write(string.format(
    "RESULT rps=%.1f p50=%s p99=%s max=%s answered=%d topups=%d dids=%d healths=%d bad=%d " ..
    "errors=%d\n", answered / seconds, p50, p99, max, answered, topups, dids, healths, bads,
    e.connect + e.read + e.write + e.status + e.timeout))
  if sample ~= "" then io.write("BAD " .. sample .. "\n") end
end
