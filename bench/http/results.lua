-- Shared by the wrk scripts: prints one machine-readable summary line for run.sh to tabulate.
-- wrk's summary.errors.status counts responses with a status above 399.
local results = {}

function results.done(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format(
        "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
        errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end

return results
