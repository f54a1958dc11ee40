-- wrk script: whole payment lifecycles as a merchant walks them in the recorded flow
-- (fixtures flow-2020-01 … 08), each step following the href the previous answer gives:
--   1. POST /psp/invoice/payments                 FinancingConsumer, unique payeeReference
--   2. POST rel create-authorization              the recorded Swedish test person (approved)
--   3. GET  the authorization's "payment"         the authorization answer carries no operations
--   4. POST rel create-capture                    the whole amount, one item line, 0 % VAT
--   5. GET  the capture's "payment"               the capture answer carries no operations
--   6. POST rel create-reversal                   the whole amount
-- A lifecycle is complete when its reversal answers 2xx; any other status counts as a failure and
-- drops that lifecycle. Environment: BENCH_PAYEE_ID, BENCH_TOKEN, BENCH_REFERENCE_PREFIX.
--
-- wrk calls request() without saying which connection asks and response() without saying which
-- request it answers, so the state lives in the answers themselves: each 2xx answer tells which
-- step it finishes (a payment document by its operations, a transaction by its name) and pushes the
-- next request onto one FIFO per wrk thread; request() pops it, or starts a new lifecycle when the
-- FIFO is empty. Every answer frees exactly one connection, which then calls request() once, so
-- the FIFO never grows beyond the number of connections.

local results = dofile(os.getenv("BENCH_SCRIPT_DIR") .. "/results.lua")

setup = results.setup
local threads = results.threads

local payee_id = os.getenv("BENCH_PAYEE_ID") or "00000000-0000-0000-0000-000000000000"
local token = os.getenv("BENCH_TOKEN") or ""
local prefix = os.getenv("BENCH_REFERENCE_PREFIX") or "L"

local post_headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
}
local get_headers = { ["Authorization"] = "Bearer " .. token }

-- Test person A of test-data.md §1, in the registry with this zip code: approved (§3.2).
local authorization_body = '{"transaction":{"activity":"FinancingConsumer"},'
    .. '"consumer":{"socialSecurityNumber":"196003071161","customerNumber":"123456",'
    .. '"email":"azra.oliveira@payex.com","msisdn":"+46739000001","ip":"127.0.0.1"},'
    .. '"legalAddress":{"addressee":"Azra Oliveira","streetAddress":"Helgestavägen 9",'
    .. '"zipCode":"19792","city":"Bro","countryCode":"SE"}}'

local capture_before = '{"transaction":{"activity":"FinancingConsumer","amount":10000,'
    .. '"vatAmount":0,"payeeReference":"'
local capture_after = '","description":"Bench capture",'
    .. '"itemDescriptions":[{"amount":10000,"description":"Bench goods"}],'
    .. '"vatSummary":[{"amount":10000,"vatPercent":0,"vatAmount":0}]}}'

local reversal_before = '{"transaction":{"activity":"FinancingConsumer","amount":10000,'
    .. '"vatAmount":0,"payeeReference":"'
local reversal_after = '","description":"Bench reversal"}}'

-- Per wrk thread (one Lua state each).
local counter = 0
local queue = {}
local head, tail = 1, 0
completed = 0
failed = 0
started = 0
failures = ""

-- A payeeReference used nowhere else: prefix, thread number, counter (payments and transactions).
local function next_reference()
    counter = counter + 1
    return prefix .. "t" .. tostring(thread_number or 1) .. "n" .. tostring(counter)
end

local function push(formatted)
    tail = tail + 1
    queue[tail] = formatted
end

local function fail(reason, status, body)
    failed = failed + 1
    if failed <= 5 then
        failures = failures .. string.format("BENCH_LIFECYCLE_FAILURE %s status=%d body=%s\n",
            reason, status, (body or ""):sub(1, 300))
    end
end

-- The path of the href of the operation with this rel in a payment document, or nil.
local function operation_path(body, rel)
    local quoted = '"rel":"' .. rel .. '"'
    for operation in body:gmatch("{[^{}]*}") do
        if operation:find(quoted, 1, true) then
            local href = operation:match('"href":"([^"]+)"')
            if href then
                return (href:gsub("^https?://[^/]+", ""))
            end
        end
    end
    return nil
end

function request()
    if head <= tail then
        local formatted = queue[head]
        queue[head] = nil
        head = head + 1
        return formatted
    end
    started = started + 1
    return wrk.format("POST", "/psp/invoice/payments", post_headers,
        results.create_payment_body(payee_id, next_reference()))
end

function response(status, headers, body)
    if status < 200 or status > 299 then
        fail("non-2xx", status, body)
        return
    end
    if body:sub(1, 12) == '{"payment":{' then
        -- A payment document (created, or read after a step): its operations say what is next.
        local path = operation_path(body, "create-reversal")
        if path then
            push(wrk.format("POST", path, post_headers,
                reversal_before .. next_reference() .. reversal_after))
            return
        end
        path = operation_path(body, "create-capture")
        if path then
            push(wrk.format("POST", path, post_headers,
                capture_before .. next_reference() .. capture_after))
            return
        end
        path = operation_path(body, "create-authorization")
        if path then
            push(wrk.format("POST", path, post_headers, authorization_body))
            return
        end
        fail("no-next-operation", status, body)
        return
    end
    local payment = body:match('^{"payment":"([^"]+)"')
    if payment and body:find('"reversal":{', 1, true) then
        completed = completed + 1
    elseif payment and (body:find('"authorization":{', 1, true) or body:find('"capture":{', 1, true)) then
        push(wrk.format("GET", (payment:gsub("^https?://[^/]+", "")), get_headers))
    else
        fail("unexpected-answer", status, body)
    end
end

function done(summary, latency, requests)
    local total_completed, total_failed, total_started = 0, 0, 0
    for _, thread in ipairs(threads) do
        total_completed = total_completed + thread:get("completed")
        total_failed = total_failed + thread:get("failed")
        total_started = total_started + thread:get("started")
        io.write(thread:get("failures"))
    end
    local errors = summary.errors
    io.write(string.format(
        "BENCH_LIFECYCLE completed=%d started=%d failed=%d requests=%d duration_us=%d "
            .. "p50_us=%d p99_us=%d socket_errors=%d\n",
        total_completed, total_started, total_failed, summary.requests, summary.duration,
        latency:percentile(50), latency:percentile(99),
        errors.connect + errors.read + errors.write + errors.timeout))
    results.done(summary, latency, requests)
end
