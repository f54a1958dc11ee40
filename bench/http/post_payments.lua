-- wrk script: POST /psp/invoice/payments, each request with a payeeReference used nowhere else.
-- Environment: BENCH_PAYEE_ID, BENCH_TOKEN, BENCH_REFERENCE_PREFIX (unique per wrk run, <= 12 chars).
-- payeeReference = prefix .. "t" .. thread .. "n" .. counter: the thread number set in setup()
-- plus a counter per thread (one Lua state per wrk thread) keeps it unique across connections.

local results = dofile(os.getenv("BENCH_SCRIPT_DIR") .. "/results.lua")

setup = results.setup
local threads = results.threads

local payee_id = os.getenv("BENCH_PAYEE_ID") or "00000000-0000-0000-0000-000000000000"
local token = os.getenv("BENCH_TOKEN") or ""
local prefix = os.getenv("BENCH_REFERENCE_PREFIX") or "b"
local counter = 0

local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
}

function request()
    counter = counter + 1
    local reference = prefix .. "t" .. tostring(thread_number) .. "n" .. tostring(counter)
    return wrk.format("POST", "/psp/invoice/payments", headers, results.create_payment_body(payee_id, reference))
end

done = results.done
