-- bench/load.py's wrk script: the session cookie of signed-in targets comes
-- from BENCH_COOKIE; at the end one line "BENCH {json}" with exact
-- percentiles (microseconds), which wrk's own --latency output lacks (no p95).
local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
wrk.headers["Accept-Language"] = "ky"

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors_connect": %d, "errors_read": %d, "errors_write": %d, ' ..
    '"errors_status": %d, "errors_timeout": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read,
    e.write, e.status, e.timeout, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
