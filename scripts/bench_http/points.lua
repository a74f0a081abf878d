-- wrk script: each request is one route at a query point drawn at random (seeded per thread) from
-- a CSV whose first two columns are lon,lat (header skipped).
--   wrk -t2 -c64 -d20s --latency -s points.lua http://127.0.0.1:PORT -- ROUTE FILE [QUERY]
-- ROUTE: nearest or locate; QUERY: extra parameters (e.g. "&k=10").
-- done() prints one machine-readable line: RESULT requests seconds p50_us p99_us non2xx socket_errors

local threads = {}
local counter = 0

function setup(thread)
    counter = counter + 1
    thread:set("id", counter)
    table.insert(threads, thread)
end

local paths = {}

function init(args)
    local route, file, extra = args[1], args[2], args[3] or ""
    for line in io.lines(file) do
        local lon, lat = line:match("^%s*([-%d%.eE]+)%s*,%s*([-%d%.eE]+)")
        if lon then
            paths[#paths + 1] = string.format("/api/v1/%s?lon=%s&lat=%s%s", route, lon, lat, extra)
        end
    end
    if #paths == 0 then error("no lon,lat rows in " .. file) end
    math.randomseed(20261129 + id)
end

function request()
    return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("RESULT %d %.3f %d %d %d %d\n", summary.requests, summary.duration / 1e6,
        latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
