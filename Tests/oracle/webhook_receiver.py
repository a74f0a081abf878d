#!/usr/bin/env python3
"""A loopback webhook receiver for the tests: answers 500 to the first --fail requests, then 200
(or 302 to --redirect, always; or never, with --hang; or hangs up without a word, with --close),
and appends each request (headers, body, the status it answered) as one JSON line to --log.

    python3 Tests/oracle/webhook_receiver.py --port 0 --log deliveries.jsonl --fail 2

Prints the port it listens on as its first line.
"""
import argparse
import http.server
import json
import sys
import threading


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log", required=True)
    parser.add_argument("--fail", type=int, default=0)
    parser.add_argument("--redirect", help="answer every request 302 to this Location")
    parser.add_argument("--hang", action="store_true", help="read each request and never answer")
    parser.add_argument("--close", action="store_true", help="read each request and close the connection without answering")
    args = parser.parse_args()
    lock = threading.Lock()
    state = {"seen": 0}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if args.hang or args.close:
                with lock, open(args.log, "a", encoding="utf-8") as f:
                    f.write(json.dumps({"status": "hang" if args.hang else "close", "body": body.decode("utf-8")}) + "\n")
                if args.hang:
                    threading.Event().wait()
                self.close_connection = True
                self.connection.shutdown(2)
                return
            with lock:
                state["seen"] += 1
                status = 302 if args.redirect else (500 if state["seen"] <= args.fail else 200)
                with open(args.log, "a", encoding="utf-8") as f:
                    f.write(json.dumps({"status": status, "signature": self.headers.get("X-CityGrid-Signature"),
                                        "delivery": self.headers.get("X-CityGrid-Delivery"),
                                        "body": body.decode("utf-8")}, ensure_ascii=False) + "\n")
            self.send_response(status)
            if args.redirect:
                self.send_header("Location", args.redirect)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
