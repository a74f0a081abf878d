-- wrk script: each request is one route at a query point drawn at random (seeded per thread) from
-- a CSV whose first two columns are lon,lat (header skipped).
--   wrk -t2 -c64 -d20s --latency -s points.lua http://127.0.0.1:PORT -- ROUTE FILE [QUERY]
-- ROUTE: nearest or locate; QUERY: extra parameters (e.g. "&k=10"). ROUTE cql2: the OGC API items
-- of cases with a CQL2 filter at the point (open cases of type 0103 within 500 m), as pg_cql2.sql.
-- done() prints one machine-readable line: RESULT requests seconds p50_us p99_us non2xx socket_errors

local threads = {}
local counter = 0

function setup(thread)
    counter = counter + 1
    thread:set("id", counter)
    table.insert(threads, thread)
end

local paths = {}

local function encode(s)
    return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
    local route, file, extra = args[1], args[2], args[3] or ""
    for line in io.lines(file) do
        local lon, lat = line:match("^%s*([-%d%.eE]+)%s*,%s*([-%d%.eE]+)")
        if lon and route == "cql2" then
            local filter = string.format("status IN ('reported','registered','dispatched') AND typeCode = '0103' AND S_DWITHIN(geometry, POINT(%s %s), 500, meters)", lon, lat)
            paths[#paths + 1] = "/ogc/collections/cases/items?limit=100&filter=" .. encode(filter) .. extra
        elseif lon then
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
