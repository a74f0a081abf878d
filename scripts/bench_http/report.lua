-- wrk script: each request reports a case (POST /api/v1/cases, officer token) at a query point drawn
-- at random (seeded per thread) from a CSV whose first two columns are lon,lat (header skipped).
--   wrk -t2 -c16 -d20s --latency -s report.lua http://127.0.0.1:PORT -- FILE TOKEN
-- done() prints one machine-readable line: RESULT requests seconds p50_us p99_us non2xx socket_errors

local threads = {}
local counter = 0

function setup(thread)
    counter = counter + 1
    thread:set("id", counter)
    table.insert(threads, thread)
end

local bodies = {}

function init(args)
    local file, token = args[1], args[2]
    local types = { "0101", "0102", "0103", "0104", "0201", "0202", "0301", "0501" }
    for line in io.lines(file) do
        local lon, lat = line:match("^%s*([-%d%.eE]+)%s*,%s*([-%d%.eE]+)")
        if lon then
            bodies[#bodies + 1] = string.format(
                '{"type":"%s","lon":%s,"lat":%s,"description":"bench-http 压测上报"}',
                types[#bodies % #types + 1], lon, lat)
        end
    end
    if #bodies == 0 then error("no lon,lat rows in " .. file) end
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Bearer " .. token
    math.randomseed(20261129 + id)
end

function request()
    return wrk.format(nil, "/api/v1/cases", nil, bodies[math.random(#bodies)])
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("RESULT %d %.3f %d %d %d %d\n", summary.requests, summary.duration / 1e6,
        latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
