-- wrk script: each request sends one officer's batch of B GPS fixes (POST /api/v1/officers/{id}/positions).
-- The officers (a CSV of id,lon,lat) are split between the threads and taken in turn, so no two
-- batches of one officer are in flight at once, and each officer's fixes are one second apart and
-- always after its last: every fix must be kept. done() prints
--   RESULT requests seconds p50_us p99_us non2xx socket_errors fixes_sent fixes_kept fixes_refused
--   wrk -t2 -c32 -d10s --latency -s positions.lua http://127.0.0.1:PORT -- officers.csv TOKEN B

local threads = {}
local counter = 0

function setup(thread)
    counter = counter + 1
    thread:set("id", counter)
    thread:set("nthreads", 0)
    table.insert(threads, thread)
end

local officers = {}
local turn = 0
local batches = {}
local batch = 100
local base = os.time() - 86400
sent, kept, refused = 0, 0, 0

function init(args)
    local file, token = args[1], args[2]
    batch = tonumber(args[3] or "100")
    local k = 0
    for line in io.lines(file) do
        local oid, lon, lat = line:match("^([^,]+),([-%d%.]+),([-%d%.]+)")
        if oid then
            k = k + 1
            -- Two threads: odd rows for thread 1, even rows for thread 2 (wrk's -t2).
            if (k % 2) == (id % 2) then officers[#officers + 1] = { id = oid, lon = tonumber(lon), lat = tonumber(lat) } end
        end
    end
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
    turn = turn % #officers + 1
    local o = officers[turn]
    local r = batches[o.id] or 0
    batches[o.id] = r + 1
    local parts = {}
    for i = 1, batch do
        local t = base + r * batch + i
        local dx = ((r * batch + i) % 40) * 0.00001
        parts[i] = string.format('{"at":"%s","lon":%.7f,"lat":%.7f,"accuracy":5}', os.date("!%Y-%m-%dT%H:%M:%SZ", t), o.lon + dx, o.lat)
    end
    sent = sent + batch
    return wrk.format(nil, "/api/v1/officers/" .. o.id .. "/positions", nil, '{"fixes":[' .. table.concat(parts, ",") .. ']}')
end

function response(status, headers, body)
    local n = body:match('"accepted":(%d+)')
    if n then kept = kept + tonumber(n) end
    for _ in body:gmatch('"index":') do refused = refused + 1 end
end

function done(summary, latency, requests)
    local fixes_sent, fixes_kept, fixes_refused = 0, 0, 0
    for _, t in ipairs(threads) do
        fixes_sent = fixes_sent + (t:get("sent") or 0)
        fixes_kept = fixes_kept + (t:get("kept") or 0)
        fixes_refused = fixes_refused + (t:get("refused") or 0)
    end
    local e = summary.errors
    io.write(string.format("RESULT %d %.3f %d %d %d %d %d %d %d\n", summary.requests, summary.duration / 1e6,
        latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout, fixes_sent, fixes_kept,
        fixes_refused))
end
