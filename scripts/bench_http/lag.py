"""How far a follower node is behind its change log while others write: samples GET /healthz
(storage.behind = the log's end less the sequence memory has applied) every 50 ms for SECONDS, then
waits up to 10 s for it to catch up. Fails if it does not.

usage: lag.py PORT SECONDS   (prints: samples mean_behind max_behind catch_up_ms applied_sequence)"""
import http.client
import json
import sys
import time

port, seconds = int(sys.argv[1]), float(sys.argv[2])
c = http.client.HTTPConnection("127.0.0.1", port)


def health():
    c.request("GET", "/healthz")
    r = c.getresponse()
    return json.loads(r.read())["storage"]


behind = []
end = time.monotonic() + seconds
while time.monotonic() < end:
    behind.append(health()["behind"])
    time.sleep(0.05)
start = time.monotonic()
while True:
    s = health()
    if s["behind"] == 0:
        break
    if time.monotonic() - start > 10:
        sys.exit(f"node on port {port} still {s['behind']} entries behind 10 s after the writers stopped")
    time.sleep(0.005)
print(f"{len(behind)} {sum(behind) / max(1, len(behind)):.1f} {max(behind, default=0):.0f} {(time.monotonic() - start) * 1000:.0f} {s['appliedSequence']:.0f}")
