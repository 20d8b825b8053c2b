-- wrk script for bench/run.sh: replays a file of request paths and checks every answer.
--
--   wrk ... -s bench/paths.lua URL -- PATHS_FILE STATUS EXPECT [gzip]
--
-- PATHS_FILE holds one request path a line, sent in file order (wrapping around at the end: a
-- file of fresh DIDs must be longer than the run, or the repeats fail as "DID already exists").
-- An answer counts as good when its status is STATUS and its body contains EXPECT; with "gzip"
-- (the run sends Accept-Encoding: gzip) the body is compressed, so the check is the status and
-- a Content-Encoding: gzip header instead. done() prints one RESULT line for the shell script:
-- rate (good and bad answers alike), latency median and p99 in ms, counts.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  requests = {}
  for line in io.lines(args[1]) do table.insert(requests, wrk.format("GET", line)) end
  want_status = tonumber(args[2])
  expect = args[3]
  gzip = args[4] == "gzip"
  sent, good, bad = 0, 0, 0
  bad_sample = ""
end

function request()
  sent = sent + 1
  return requests[(sent - 1) % #requests + 1]
end

local function encoding(headers)
  for name, value in pairs(headers) do
    if name:lower() == "content-encoding" then return value end
  end
  return ""
end

function response(status, headers, body)
  local ok = status == want_status
  if gzip then
    ok = ok and encoding(headers) == "gzip" and #body > 0
  else
    ok = ok and body:find(expect, 1, true) ~= nil
  end
  if ok then
    good = good + 1
  else
    bad = bad + 1
    if bad_sample == "" then
      bad_sample = status .. " [" .. encoding(headers) .. "] " .. body:sub(1, 300):gsub("%s+", " ")
    end
  end
end

function done(summary, latency, requests_)
  local goods, bads, sample = 0, 0, ""
  for _, thread in ipairs(threads) do
    goods = goods + thread:get("good")
    bads = bads + thread:get("bad")
    if sample == "" then sample = thread:get("bad_sample") end
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local function ms(us) return string.format("%.2f", us / 1000) end
  local p50, p99 = "-", "-"
  if summary.requests > 0 then p50, p99 = ms(latency:percentile(50)), ms(latency:percentile(99)) end
  -- Socket errors (connect, read, write, timeout) are failures too; wrk's "status" count is only
  -- non-2xx/3xx, which an expected 404 legitimately is, so it is left to the body check above.
  io.write(string.format("RESULT rps=%.1f p50=%s p99=%s answered=%d good=%d bad=%d errors=%d\n",
    summary.requests / seconds, p50, p99, summary.requests, goods, bads,
    e.connect + e.read + e.write + e.timeout))
  if sample ~= "" then io.write("BAD " .. sample .. "\n") end
end
