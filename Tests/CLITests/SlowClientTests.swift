import Foundation
import Testing

/// Clients that hold connections without finishing a request: closed after the idle timeout (1 s
/// here); connections over the per-address cap closed at once; an upload refused with 413 is
/// answered with Connection: close and its connection closed, not drained.
@Suite(.serialized) struct SlowClientTests {
    static let settings = #""idleTimeoutSeconds": 1, "maxConnectionsPerAddress": 4, "maxBodyBytes": 1000"#

    @Test func silentAndHalfSentHeadsAreClosedAfterTheTimeout() async throws {
        let server = try await TransportServer.start("slow-heads", settings: Self.settings)
        let results = try await withThrowingTaskGroup(of: (String, (text: String, closed: Bool, elapsed: Double)).self) { group in
            group.addTask {
                let c = try RawConnection(port: server.port)
                return ("nothing", try await onThread { c.readUntilClosed(within: 6) })
            }
            group.addTask {
                let c = try RawConnection(port: server.port)
                c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ")
                return ("half a head", try await onThread { c.readUntilClosed(within: 6) })
            }
            group.addTask {
                // Slowloris: one more header byte every 200 ms, never the blank line.
                let c = try RawConnection(port: server.port)
                c.send("GET /healthz HTTP/1.1\r\n")
                let result = try await onThread { () -> (text: String, closed: Bool, elapsed: Double) in
                    let start = Date()
                    while Date().timeIntervalSince(start) < 6 {
                        guard c.send("X") else { break }
                        let r = c.readUntilClosed(within: 0.2)
                        if r.closed { return (r.text, true, Date().timeIntervalSince(start)) }
                    }
                    return ("", false, Date().timeIntervalSince(start))
                }
                return ("a byte at a time", result)
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        for (what, r) in results.sorted(by: { $0.key < $1.key }) {
            #expect(r.closed, "\(what): still open after \(r.elapsed) s")
            #expect(r.elapsed > 0.7 && r.elapsed < 3.5, "\(what): closed after \(r.elapsed) s, the timeout is 1 s")
            #expect(!r.text.contains("200 OK"), "\(what): answered \(r.text)")
        }
        // A whole request is still answered (what closed the others was the timeout).
        let c = try RawConnection(port: server.port)
        c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let answered = try await onThread { c.readUntilClosed(within: 5) }
        #expect(answered.text.hasPrefix("HTTP/1.1 200"), "\(answered.text.prefix(200))")
    }

    @Test func aConnectionOverTheCapIsClosedAtOnce() async throws {
        // A long idle timeout here, so that only the cap can close the fifth connection.
        let server = try await TransportServer.start("slow-cap", settings: #""idleTimeoutSeconds": 60, "maxConnectionsPerAddress": 4"#)
        let request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        let held = try (0..<4).map { _ in try RawConnection(port: server.port) }
        // Each is accepted and counted: it has been answered once (and is kept alive).
        for c in held {
            c.send(request)
            #expect(try await onThread { c.read(until: "\"layers\"", within: 30) }, "a held connection was not answered")
        }
        let fifth = try RawConnection(port: server.port)
        let refused = try await onThread { fifth.readUntilClosed(within: 10) }
        #expect(refused.closed && refused.text.isEmpty, "the fifth connection was held \(refused.elapsed) s: \(refused.text.prefix(100))")
        // The held ones are still open, and usable.
        held[0].send(request)
        #expect(try await onThread { held[0].read(until: "\"layers\"", within: 30) }, "a held connection was dropped")
        // Once they hang up, a new connection is served again.
        for c in held { c.hangUp() }
        try await Task.sleep(for: .milliseconds(500))
        let later = try await server.curl("/healthz")
        #expect(later.status == 200, "\(later.curlError)")
    }

    @Test func anUploadRefusedWith413IsClosedNotDrained() async throws {
        let server = try await TransportServer.start("slow-413", settings: Self.settings)
        let before = try await server.caseCount()
        let c = try RawConnection(port: server.port)
        // Announces 10 MB, sends 2 KB and waits: the server must answer and close, not wait for the rest.
        c.send("POST /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(TransportServer.officer)\r\n"
               + "Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n" + String(repeating: " ", count: 2048))
        let r = try await onThread { c.readUntilClosed(within: 8) }
        #expect(r.text.hasPrefix("HTTP/1.1 413"), "\(r.text.prefix(300))")
        #expect(r.text.lowercased().contains("\r\nconnection: close\r\n"), "\(r.text.prefix(600))")
        #expect(r.closed && r.elapsed < 4, "closed \(r.closed) after \(r.elapsed) s")
        // curl sees the same, and the server goes on serving.
        let big = try await server.curl("/api/v1/cases", method: "POST",
                                        headers: ["Content-Type": "application/json", "Authorization": "Bearer \(TransportServer.officer)"],
                                        body: "{\"description\":\"" + String(repeating: "x", count: 200_000) + "\"}")
        #expect(big.status == 413 && big.headers["connection"] == "close", "\(big.status) \(big.headers) \(big.curlError)")
        #expect(try await server.caseCount() == before)
    }
}
