import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Webhooks as a grid center's integration receives them, against `citygrid serve` on a copy of
/// the loaded sample and a loopback receiver (Tests/oracle/webhook_receiver.py) that fails its
/// first answers: every case reported is delivered once it succeeds, signed (checked with openssl),
/// in commit order; a kill -9 of the server loses nothing (a restart delivers what was left); a
/// receiver that never answers ends in dead letters without holding up the other subscription.
@Suite(.serialized) struct WebhookTests {
    static let dispatcher = "sample-dispatcher-token-01"
    static let reporter = "sample-reporter-key-00001"
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The receiver: its process, port and log.
    final class Receiver: @unchecked Sendable {
        let process = Process()
        let log: URL
        let port: Int

        init(directory: URL, failing: Int, redirect: String? = nil, misbehaving: String? = nil) throws {
            log = directory.appendingPathComponent("deliveries-\(UUID().uuidString).jsonl")
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = [WebhookTests.repo.appendingPathComponent("Tests/oracle/webhook_receiver.py").path,
                                 "--log", log.path, "--fail", String(failing)] + (redirect.map { ["--redirect", $0] } ?? [])
                + (misbehaving.map { ["--\($0)"] } ?? [])
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let line = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
            port = try #require(Int(line.trimmingCharacters(in: .whitespacesAndNewlines)), "receiver said \(line)")
        }

        var requests: [[String: Any]] {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }

        /// Case ids of the steps delivered with a 200, in the order received.
        var delivered: [(event: Int, caseID: String)] {
            requests.filter { $0["status"] as? Int == 200 }.flatMap { r -> [(Int, String)] in
                let body = (try? JSONSerialization.jsonObject(with: Data((r["body"] as? String ?? "").utf8))) as? [String: Any]
                return ((body?["events"] as? [[String: Any]]) ?? []).compactMap { e in
                    guard let id = e["id"] as? Int, let c = e["case"] as? String else { return nil }
                    return (id, c)
                }
            }
        }

        deinit {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// `citygrid serve` on a given store, so it can be killed and started again on the same file.
    final class Node: @unchecked Sendable {
        let process = Process()
        let port = Node.freePort()
        var base: String { "http://127.0.0.1:\(port)" }

        init(store: String, config: URL) async throws {
            let log = config.deletingLastPathComponent().appendingPathComponent("serve-\(port).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.executableURL = CitygridProcess.executable
            process.arguments = ["serve", "--store", store, "--port", String(port), "--config", config.path]
            process.standardError = try FileHandle(forWritingTo: log)
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline, process.isRunning,
                  !((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("listening on") {
                try await Task.sleep(for: .milliseconds(100))
            }
            let said = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            try #require(said.contains("listening on"), "citygrid serve did not start: \(said.suffix(500))")
        }

        /// A port the kernel has just given out: free now, unlike a random pick.
        static func freePort() -> Int {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
            return Int(UInt16(bigEndian: address.sin_port))
        }

        func killNow() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        deinit { if process.isRunning { killNow() } }
    }

    static func request(_ base: String, _ path: String, method: String = "GET", token: String? = nil, body: String? = nil) async throws -> (Int, [String: Any]) {
        var arguments = ["-sS", "--max-time", "20", "-X", method, "-w", "\n%{http_code}", "-H", "Content-Type: application/json"]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        if let body { arguments += ["--data-binary", body] }
        let run = try await Tool.run("/usr/bin/curl", arguments + [base + path])
        let lines = run.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        let status = Int(lines.last ?? "") ?? 0
        let json = (try? JSONSerialization.jsonObject(with: Data(lines.dropLast().joined(separator: "\n").utf8))) as? [String: Any] ?? [:]
        return (status, json)
    }

    static func report(_ base: String, _ k: Int) async throws -> String {
        let (status, answer) = try await request(base, "/api/v1/cases", method: "POST", token: reporter,
                                                 body: #"{"type":"0103","lon":\#(121.4806 + Double(k) * 0.0002),"lat":31.2263,"description":"推送\#(k)"}"#)
        #expect(status == 201)
        return try #require((answer["case"] as? [String: Any])?["id"] as? String)
    }

    static func eventually(_ seconds: Double, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    @Test func deliveriesAreSignedRetriedKeptAcrossAKillAndSetAsideWhenHopeless() async throws {
        let store = try LoadedSample.copy("webhooks")
        let directory = URL(fileURLWithPath: store).deletingLastPathComponent()
        let config = directory.appendingPathComponent("config.json")
        try #"{"webhookRetrySeconds": 0.1, "webhookMaxAttempts": 3, "webhookTimeoutSeconds": 1, "webhookHosts": ["127.0.0.1"]}"#.write(to: config, atomically: true, encoding: .utf8)
        let receiver = try Receiver(directory: directory, failing: 2)
        var node = try await Node(store: store, config: config)

        let (made, subscription) = try await Self.request(node.base, "/api/v1/subscriptions", method: "POST", token: Self.dispatcher,
                                                          body: #"{"url":"http://127.0.0.1:\#(receiver.port)/hook","filter":"events=case.report"}"#)
        #expect(made == 201, "\(subscription)")
        let id = try #require(subscription["id"] as? String), secret = try #require(subscription["secret"] as? String)
        // A receiver that only redirects elsewhere: the redirect is not followed (it would take the
        // POST past webhookHosts), its steps end as dead letters, and the first is not held up.
        let redirecting = try Receiver(directory: directory, failing: 0, redirect: "http://10.0.0.8/internal")
        let (_, hopeless) = try await Self.request(node.base, "/api/v1/subscriptions", method: "POST", token: Self.dispatcher,
                                                   body: #"{"url":"http://127.0.0.1:\#(redirecting.port)/hook","filter":"events=case.report"}"#)
        let hopelessID = try #require(hopeless["id"] as? String)
        #expect(try await Self.request(node.base, "/api/v1/subscriptions", method: "POST", token: "sample-viewer-token-0001",
                                       body: #"{"url":"http://127.0.0.1:1/x"}"#).0 == 403)
        #expect(try await Self.request(node.base, "/api/v1/subscriptions", method: "POST", token: Self.dispatcher,
                                       body: #"{"url":"ftp://x","filter":""}"#).0 == 422)
        let elsewhere = try await Self.request(node.base, "/api/v1/subscriptions", method: "POST", token: Self.dispatcher,
                                               body: #"{"url":"http://10.0.0.8/internal","filter":""}"#)
        #expect(elsewhere.0 == 422, "a host outside webhookHosts: \(elsewhere.1)")
        #expect(try await Self.request(node.base, "/api/v1/subscriptions", method: "POST", token: Self.dispatcher,
                                       body: #"{"url":"http://127.0.0.1:1/x","filter":"events=case.nothing"}"#).0 == 400)

        var reported: [String] = []
        for k in 0..<3 { reported.append(try await Self.report(node.base, k)) }
        #expect(try await Self.eventually(20) { Set(receiver.delivered.map(\.caseID)).isSuperset(of: reported) },
                "delivered: \(receiver.delivered), requests: \(receiver.requests.count)")
        #expect(receiver.requests.prefix(2).allSatisfy { $0["status"] as? Int == 500 }, "the first two answers failed and were retried")

        // Each body's signature, checked with openssl (not with CityGrid's own code).
        for r in receiver.requests {
            let bodyFile = directory.appendingPathComponent("body-\(UUID().uuidString)")
            try (r["body"] as? String ?? "").write(to: bodyFile, atomically: true, encoding: .utf8)
            let mac = try await Tool.run("/usr/bin/openssl", ["dgst", "-sha256", "-hmac", secret, "-r", bodyFile.path])
            let hex = String(mac.standardOutput.split(separator: " ").first ?? "")
            #expect(r["signature"] as? String == "sha256=" + hex, "signature of \(r["delivery"] ?? "?")")
        }

        // kill -9, two reports committed while no server delivers, a restart on the same file.
        node.killNow()
        let cli1 = try await CitygridProcess.run(["case", "report", "121.4810", "31.2265", "--type", "0103", "--store", store])
        let cli2 = try await CitygridProcess.run(["case", "report", "121.4812", "31.2266", "--type", "0103", "--store", store])
        #expect(cli1.status == 0 && cli2.status == 0, "\(cli1.standardError) \(cli2.standardError)")
        node = try await Node(store: store, config: config)
        #expect(try await Self.eventually(20) { receiver.delivered.count >= 5 }, "after the restart: \(receiver.delivered)")
        let ids = receiver.delivered.map(\.event)
        #expect(Set(ids).count == 5 && ids.sorted() == Array(Set(ids)).sorted(), "five steps, each once at least, none missing: \(ids)")
        #expect(ids == ids.sorted(), "in commit order: \(ids)")

        let (_, state) = try await Self.request(node.base, "/api/v1/subscriptions/\(id)", token: Self.dispatcher)
        #expect(state["delivered"] as? Int == 5 && state["failures"] as? Int == 0, "\(state)")
        var letters: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(20)
        while letters.count < 5, Date() < deadline {
            letters = ((try await Self.request(node.base, "/api/v1/subscriptions/\(hopelessID)", token: Self.dispatcher).1["deadLetters"]) as? [[String: Any]]) ?? []
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(letters.count >= 5, "the redirected subscription's steps end as dead letters")
        #expect(letters.allSatisfy { $0["error"] as? String == "HTTP 302" }, "the redirect was not followed: \(letters.first ?? [:])")
        #expect(try await Self.request(node.base, "/api/v1/subscriptions/\(hopelessID)", method: "DELETE", token: Self.dispatcher).0 == 204)
    }

    @Test func aReceiverThatHangsOrHangsUpHoldsUpNoOneElse() async throws {
        let store = try LoadedSample.copy("webhooks-slow")
        let directory = URL(fileURLWithPath: store).deletingLastPathComponent()
        let config = directory.appendingPathComponent("config.json")
        try #"{"webhookRetrySeconds": 0.2, "webhookMaxAttempts": 2, "webhookTimeoutSeconds": 2, "webhookHosts": ["127.0.0.1"]}"#.write(to: config, atomically: true, encoding: .utf8)
        let node = try await Node(store: store, config: config)
        let good = try Receiver(directory: directory, failing: 0)
        let hanging = try Receiver(directory: directory, failing: 0, misbehaving: "hang")
        let hangingUp = try Receiver(directory: directory, failing: 0, misbehaving: "close")
        var ids: [String: String] = [:]
        for (name, r) in [("good", good), ("hang", hanging), ("close", hangingUp)] {
            let (status, made) = try await Self.request(node.base, "/api/v1/subscriptions", method: "POST", token: Self.dispatcher,
                                                        body: #"{"url":"http://127.0.0.1:\#(r.port)/hook","filter":"events=case.report"}"#)
            #expect(status == 201, "\(made)")
            ids[name] = made["id"] as? String
        }
        // Reports while two receivers misbehave: each answered at once, each delivered to the good one within 2 s.
        var worstReport = 0.0, worstDelivery = 0.0
        for k in 0..<6 {
            let sent = Date()
            let id = try await Self.report(node.base, k)
            worstReport = max(worstReport, Date().timeIntervalSince(sent))
            #expect(try await Self.eventually(5) { good.delivered.contains { $0.caseID == id } }, "\(id) not delivered to the good receiver")
            worstDelivery = max(worstDelivery, Date().timeIntervalSince(sent))
            try await Task.sleep(for: .milliseconds(300))
        }
        print("WebhookTests: with a hanging and a hanging-up receiver, worst report \(Int(worstReport * 1000)) ms, worst delivery \(Int(worstDelivery * 1000)) ms")
        #expect(worstReport < 1, "the API waited on a receiver: \(worstReport) s")
        #expect(worstDelivery < 2, "the good receiver waited on the others: \(worstDelivery) s")
        #expect(hanging.requests.count >= 1 && hangingUp.requests.count >= 1, "both misbehaving receivers were tried")
        // Both end as dead letters, with the reason.
        for (name, reason) in [("hang", "timed out"), ("close", "closed the connection")] {
            var letters: [[String: Any]] = []
            let deadline = Date().addingTimeInterval(30)
            while letters.isEmpty, Date() < deadline {
                letters = ((try await Self.request(node.base, "/api/v1/subscriptions/\(ids[name]!)", token: Self.dispatcher).1["deadLetters"]) as? [[String: Any]]) ?? []
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(!letters.isEmpty, "\(name): no dead letters")
            #expect(letters.allSatisfy { ($0["error"] as? String ?? "").lowercased().contains(reason) }, "\(name): \(letters.first ?? [:])")
        }
    }
}
