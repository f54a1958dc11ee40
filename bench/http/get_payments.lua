-- wrk script: GET /psp/invoice/payments/{id}, cycling through the ids in BENCH_IDS_FILE (one a
-- line), each wrk thread starting at a different offset. Environment: BENCH_IDS_FILE, BENCH_TOKEN.

local results = dofile(os.getenv("BENCH_SCRIPT_DIR") .. "/results.lua")

local thread_count = 0

function setup(thread)
    thread_count = thread_count + 1
    thread:set("thread_number", thread_count)
end

local token = os.getenv("BENCH_TOKEN") or ""
local requests = {}
local next_index = 1

function init(args)
    local headers = { ["Authorization"] = "Bearer " .. token }
    for id in io.lines(os.getenv("BENCH_IDS_FILE")) do
        if id ~= "" then
            -- Pre-format once: wrk.format per request would cost the client CPU the server needs.
            table.insert(requests, wrk.format("GET", "/psp/invoice/payments/" .. id, headers))
        end
    end
    if #requests == 0 then
        error("no payment ids in " .. tostring(os.getenv("BENCH_IDS_FILE")))
    end
    next_index = ((thread_number or 1) * 7919) % #requests + 1
end

function request()
    local formatted = requests[next_index]
    next_index = next_index % #requests + 1
    return formatted
end

done = results.done
