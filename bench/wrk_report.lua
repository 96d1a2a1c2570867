-- For bench/wrk.py: counts every status that is not 2xx (wrk's own count misses 3xx) and
-- prints the run as one line of JSON. With an argument (a file of prepared requests, one
-- per line: thread number, path, cookie, body, tab-separated), each request is the next
-- line of this thread's share; past the end it repeats the last, which the server refuses
-- as stale, so running out shows up as non-2xx and as `ran_out`.

local threads = {}

function setup(thread)
  thread:set("number", #threads)
  table.insert(threads, thread)
end

function init(args)
  bad, ran_out, used = 0, 0, 0
  prepared = {}
  from_file = args[1] ~= nil
  if from_file then
    for line in io.lines(args[1]) do
      local owner, path, cookie, body = line:match("^(%d+)\t([^\t]+)\t([^\t]*)\t(.*)$")
      if tonumber(owner) == number then
        local headers = {
          ["Cookie"] = cookie,
          ["Content-Type"] = "application/x-www-form-urlencoded",
          ["X-CSRFToken"] = cookie:match("csrftoken=([%w]+)"),
          ["HX-Request"] = "true",
        }
        table.insert(prepared, wrk.format("POST", path, headers, body))
      end
    end
    -- wrk asks the first thread for one request, never sent, to check that it parses:
    -- a copy of its first line, so that no prepared answer is skipped.
    if number == 0 and #prepared > 0 then
      table.insert(prepared, 1, prepared[1])
    end
  else
    table.insert(prepared, wrk.format())
  end
end

function request()
  used = used + 1
  if from_file and used > #prepared then
    ran_out = 1
  end
  return prepared[math.min(used, #prepared)]
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local bad_total, ran_out_total = 0, 0
  for _, thread in ipairs(threads) do
    bad_total = bad_total + thread:get("bad")
    ran_out_total = ran_out_total + thread:get("ran_out")
  end
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, '
      .. '"non_2xx": %d, "socket_errors": %d, "ran_out": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    bad_total, errors.connect + errors.read + errors.write + errors.timeout, ran_out_total
  ))
end
