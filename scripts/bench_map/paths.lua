-- wrk script: each request is the next path of a file (one per line), from a seeded start per
-- thread, so every thread walks the same viewports as PostGIS gets in pg_clusters.sql.
--   wrk -t2 -c16 -d20s --latency -s paths.lua http://127.0.0.1:PORT -- PATHS.txt
-- done() prints one machine-readable line: RESULT requests seconds p50_us p99_us non2xx socket_errors

local counter = 0
function setup(thread)
    counter = counter + 1
    thread:set("id", counter)
end

local paths = {}
local at = 0
function init(args)
    for line in io.lines(args[1]) do
        if #line > 0 then paths[#paths + 1] = line end
    end
    if #paths == 0 then error("no paths in " .. args[1]) end
    math.randomseed(20261203 + id)
    at = math.random(#paths)
end

function request()
    at = at % #paths + 1
    return wrk.format("GET", paths[at])
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("RESULT %d %.3f %d %d %d %d\n", summary.requests, summary.duration / 1e6,
        latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
