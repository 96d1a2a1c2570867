-- bench/wrk_report.lua with a student's pace: after each reply a connection waits a
-- random think time (milliseconds, the 2nd and 3rd arguments) before it sends its next
-- request. wrk starts a request's clock when it sends it, so the latencies it reports
-- leave the think time out.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk_report.lua")

local report_init = init

function init(args)
  think_min, think_max = tonumber(args[2]), tonumber(args[3])
  math.randomseed(os.time() + number)
  report_init(args)
end

function delay()
  return math.random(think_min, think_max)
end
