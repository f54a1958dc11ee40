-- Shared by the wrk scripts: the threads' numbers, the create-payment body, and one
-- machine-readable summary line for run.sh to tabulate.
-- wrk's summary.errors.status counts responses with a status above 399.
local results = {}

-- Every wrk thread, numbered from 1 by setup() (which wrk runs in its main Lua state, once per
-- thread); each thread's own state sees its number as the global thread_number.
results.threads = {}
function results.setup(thread)
    table.insert(results.threads, thread)
    thread:set("thread_number", #results.threads)
end

-- A FinancingConsumer payment of SEK 100.00 for the payee, with this payeeReference.
function results.create_payment_body(payee_id, payee_reference)
    return '{"payment":{"operation":"FinancingConsumer","intent":"Authorization",'
        .. '"currency":"SEK","prices":[{"type":"Invoice","amount":10000,"vatAmount":0}],'
        .. '"description":"Bench purchase","userAgent":"Mozilla/5.0","language":"sv-SE",'
        .. '"urls":{"hostUrls":["https://shop.example/"],"completeUrl":"https://shop.example/complete",'
        .. '"cancelUrl":"https://shop.example/cancel","callbackUrl":"https://shop.example/callback",'
        .. '"termsOfServiceUrl":"https://shop.example/terms"},'
        .. '"payeeInfo":{"payeeId":"' .. payee_id .. '","payeeReference":"' .. payee_reference
        .. '","payeeName":"Bench shop"}},"invoice":{"invoiceType":"PayExFinancingSe"}}'
end

function results.done(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format(
        "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
        errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end

return results
