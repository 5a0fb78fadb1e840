-- wrk script: POST the submission form of an open call, with a 1 MB PDF, as a browser would.
--
-- scripts/bench prepares the request body (multipart/form-data with every field of the form, the CSRF
-- form field and the file) and reads the CSRF cookie from a GET of the form; they come in through:
--   BENCH_SUBMIT_BODY      path of the body file
--   BENCH_SUBMIT_BOUNDARY  its multipart boundary
--   BENCH_CSRF_COOKIE      the csrftoken cookie that goes with the form field
-- A valid submission is answered 302 (to the private status page); wrk counts any other status outside
-- 2xx/3xx, and done() prints every status seen so the report can tell a 302 from a 400 or a 429.

local function need(name)
  local value = os.getenv(name)
  assert(value and value ~= "", name .. " is not set")
  return value
end

local file = assert(io.open(need("BENCH_SUBMIT_BODY"), "rb"))
local body = file:read("*a")
file:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. need("BENCH_SUBMIT_BOUNDARY")
wrk.headers["Cookie"] = "csrftoken=" .. need("BENCH_CSRF_COOKIE")

-- Each request's title carries its own number, written over the body's "#000000000000" (bench/run.py
-- SUBMISSION_NUMBER): the same submission sent again is received once, and each POST must be a new one.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  statuses = {}
  sent = 0
end

function request()
  sent = sent + 1
  local number = string.format("#%04d%08d", id, sent)
  return wrk.format(nil, nil, nil, (body:gsub("#000000000000", number, 1)))
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %d: %d\n", status, count))
  end
end
