-- wrk script for fill.sh: creates BENCH_FILL_COUNT payments with POST /psp/invoice/payments (the
-- body of post_payments.lua, a payeeReference used nowhere else) and appends the id of every 201
-- to BENCH_IDS_FILE. The thread stops once its share is answered; requests still in flight then
-- may add a few payments more than the file lists. Any other status is counted and printed.
-- Run it with one wrk thread (-t1): the count is per thread.
-- Environment: BENCH_PAYEE_ID, BENCH_TOKEN, BENCH_REFERENCE_PREFIX, BENCH_FILL_COUNT,
-- BENCH_IDS_FILE, BENCH_FILL_DONE_FILE.

local results = dofile(os.getenv("BENCH_SCRIPT_DIR") .. "/results.lua")

setup = results.setup
local threads = results.threads

local payee_id = os.getenv("BENCH_PAYEE_ID") or "00000000-0000-0000-0000-000000000000"
local token = os.getenv("BENCH_TOKEN") or ""
local prefix = os.getenv("BENCH_REFERENCE_PREFIX") or "f"
local wanted = tonumber(os.getenv("BENCH_FILL_COUNT") or "1000")

local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
}

local counter = 0
local ids
created = 0
failed = 0
failure = ""

function init(args)
    ids = assert(io.open(os.getenv("BENCH_IDS_FILE"), "a"))
end

function request()
    counter = counter + 1
    local reference = prefix .. "t" .. tostring(thread_number) .. "n" .. tostring(counter)
    return wrk.format("POST", "/psp/invoice/payments", headers, results.create_payment_body(payee_id, reference))
end

function response(status, headers, body)
    if status ~= 201 then
        failed = failed + 1
        if failed == 1 then failure = string.format("status=%d body=%s", status, body:sub(1, 300)) end
        return
    end
    if created < wanted then
        local id = body:match('^{"payment":{"id":"/psp/invoice/payments/([^"]+)"')
        ids:write(id, "\n")
        created = created + 1
        if created == wanted then
            ids:close()
            wrk.thread:stop()
            -- wrk's main thread sleeps out -d: fill.sh waits for this file and sends SIGINT.
            local done_file = os.getenv("BENCH_FILL_DONE_FILE")
            if done_file then assert(io.open(done_file, "w")):close() end
        end
    end
end

function done(summary, latency, requests)
    local total_created, total_failed = 0, 0
    for _, thread in ipairs(threads) do
        total_created = total_created + thread:get("created")
        total_failed = total_failed + thread:get("failed")
        if thread:get("failed") > 0 then io.write("BENCH_FILL_FAILURE ", thread:get("failure"), "\n") end
    end
    io.write(string.format("BENCH_FILL created=%d failed=%d requests=%d duration_us=%d\n",
        total_created, total_failed, summary.requests, summary.duration))
end
