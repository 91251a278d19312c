-- wrk script: prints one machine-readable line when the run is over, so run.sh does not
-- have to scrape wrk's human-readable report. Latencies are in microseconds, duration too.
-- No request/response callbacks are defined, so wrk keeps its fast C path for every request.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d " ..
    "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\n",
    summary.requests, summary.duration,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(99)),
    math.floor(latency.max),
    e.connect, e.read, e.write, e.status, e.timeout))
end
