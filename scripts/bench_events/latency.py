#!/usr/bin/env python3
"""Commit-to-delivery latency of case steps: reports are sent at a steady rate; the time each
report's 201 comes back (the commit is done then) is the reference, and the time its step reaches
an open SSE stream (/api/v1/events) and a loopback webhook receiver is measured against it.

    python3 latency.py --base http://127.0.0.1:PORT --token DISPATCHER --reporter REPORTER --rate 100 --seconds 10

Prints p50/p99/max of each, the report round trip's, and checks that every reported case arrived on
both, once; exits non-zero when one is missing or doubled.
"""
import argparse
import http.client
import http.server
import json
import statistics
import sys
import threading
import time
import urllib.request


def post(base, path, body, token):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=30) as r:
        return r.status, json.loads(r.read())


def percentiles(values):
    values = sorted(values)
    if not values:
        return (float("nan"),) * 3
    return (values[len(values) // 2] * 1000, values[min(len(values) - 1, int(len(values) * 0.99))] * 1000, values[-1] * 1000)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--reporter", required=True)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--points", required=True, help="CSV lon,lat of points inside the district")
    args = parser.parse_args()
    points = [tuple(map(float, l.split(",")[:2])) for l in open(args.points) if l[0].isdigit()]
    lock = threading.Lock()
    committed, streamed, hooked = {}, {}, {}
    doubled = []

    # The webhook receiver.
    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            now = time.time()
            with lock:
                for e in body["events"]:
                    if e["case"] in hooked:
                        doubled.append(("webhook", e["case"]))
                    hooked.setdefault(e["case"], now)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *a):
            pass
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    status, made = post(args.base, "/api/v1/subscriptions",
                        {"url": f"http://127.0.0.1:{receiver.server_address[1]}/hook", "filter": "events=case.report"}, args.token)
    assert status == 201, made

    # The stream.
    def stream():
        request = urllib.request.Request(args.base + "/api/v1/events?events=case.report", headers={"Accept": "text/event-stream"})
        with urllib.request.urlopen(request, timeout=args.seconds + 60) as r:
            for raw in r:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("data: "):
                    e = json.loads(line[6:])
                    now = time.time()
                    with lock:
                        if e["case"] in streamed:
                            doubled.append(("stream", e["case"]))
                        streamed.setdefault(e["case"], now)
    threading.Thread(target=stream, daemon=True).start()
    time.sleep(1)

    # Reports at a steady rate, from a pool of workers on kept-alive connections (a new connection
    # per report would make the client, not the server, the limit at 500/s): report k is due at
    # start + k / rate and goes from worker k mod W as soon as it is due.
    workers = max(8, int(args.rate // 25))
    started_at = {}
    start = time.time() + 0.2
    n = int(args.rate * args.seconds)
    host, port = args.base.split("//")[1].split(":")

    def worker(w):
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        headers = {"Content-Type": "application/json", "Authorization": "Bearer " + args.reporter}
        for k in range(w, n, workers):
            due = start + k / args.rate
            time.sleep(max(0, due - time.time()))
            lon, lat = points[k % len(points)]
            sent = time.time()
            connection.request("POST", "/api/v1/cases", body=json.dumps({"type": "0103", "lon": lon, "lat": lat, "description": f"latency {k}"}),
                               headers=headers)
            answer = connection.getresponse()
            out = json.loads(answer.read())
            now = time.time()
            if answer.status != 201:
                with lock:
                    failed.append((k, answer.status, out))
                continue
            with lock:
                started_at[k] = sent
                committed[out["case"]["id"]] = (now, now - sent)
    failed = []
    threads = [threading.Thread(target=worker, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    offered = n / (time.time() - start)
    deadline = time.time() + 30
    while time.time() < deadline and (len(streamed.keys() & committed.keys()) < len(committed) or len(hooked.keys() & committed.keys()) < len(committed)):
        time.sleep(0.05)
    receiver.shutdown()

    rtt = [v[1] for v in committed.values()]
    sse = [max(0.0, streamed[c] - t) for c, (t, _) in committed.items() if c in streamed]
    hook = [max(0.0, hooked[c] - t) for c, (t, _) in committed.items() if c in hooked]
    print(f"{len(committed)} reports at {offered:.0f}/s offered (target {args.rate:.0f}/s)")
    print("                                  p50 (ms)  p99 (ms)  max (ms)")
    for label, values in [("report round trip (the commit)", rtt), ("commit -> SSE client", sse), ("commit -> webhook receiver", hook)]:
        p50, p99, mx = percentiles(values)
        print(f"{label:32s} {p50:9.1f} {p99:9.1f} {mx:9.1f}")
    missing_sse = len(committed) - len(sse)
    missing_hook = len(committed) - len(hook)
    print(f"check: {len(failed)} reports refused, {missing_sse} missing on the stream, {missing_hook} missing at the webhook, {len(doubled)} delivered twice")
    return 1 if failed or missing_sse or missing_hook or doubled else 0


if __name__ == "__main__":
    sys.exit(main())
