-- wrk script: POST /psp/invoice/payments, each request with a payeeReference used nowhere else.
-- Environment: BENCH_PAYEE_ID, BENCH_TOKEN, BENCH_REFERENCE_PREFIX (unique per wrk run, <= 12 chars).
-- payeeReference = prefix .. "t" .. thread .. "n" .. counter: the thread number set in setup()
-- plus a counter per thread (one Lua state per wrk thread) keeps it unique across connections.

local results = dofile(os.getenv("BENCH_SCRIPT_DIR") .. "/results.lua")

local threads = {}
local thread_count = 0

function setup(thread)
    thread_count = thread_count + 1
    thread:set("thread_number", thread_count)
    table.insert(threads, thread)
end

local payee_id = os.getenv("BENCH_PAYEE_ID") or "00000000-0000-0000-0000-000000000000"
local token = os.getenv("BENCH_TOKEN") or ""
local prefix = os.getenv("BENCH_REFERENCE_PREFIX") or "b"
local counter = 0

local body_before = '{"payment":{"operation":"FinancingConsumer","intent":"Authorization",'
    .. '"currency":"SEK","prices":[{"type":"Invoice","amount":10000,"vatAmount":0}],'
    .. '"description":"Bench purchase","userAgent":"Mozilla/5.0","language":"sv-SE",'
    .. '"urls":{"hostUrls":["https://shop.example/"],"completeUrl":"https://shop.example/complete",'
    .. '"cancelUrl":"https://shop.example/cancel","callbackUrl":"https://shop.example/callback",'
    .. '"termsOfServiceUrl":"https://shop.example/terms"},'
    .. '"payeeInfo":{"payeeId":"' .. payee_id .. '","payeeReference":"'
local body_after = '","payeeName":"Bench shop"}},"invoice":{"invoiceType":"PayExFinancingSe"}}'

local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
}

function request()
    counter = counter + 1
    local reference = prefix .. "t" .. tostring(thread_number) .. "n" .. tostring(counter)
    return wrk.format("POST", "/psp/invoice/payments", headers, body_before .. reference .. body_after)
end

done = results.done
