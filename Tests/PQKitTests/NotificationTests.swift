import PQKit
import Testing
import TestSupport

@Suite("LISTEN and NOTIFY", .enabled(if: TestPostgres.isEnabled, TestPostgres.skipReason))
struct NotificationTests {
    @Test func aNotificationReachesTheListener() throws {
        try TestPostgres.withDatabase { uri in
            let listener = try PQConnection(uri: uri)
            let notifier = try PQConnection(uri: uri)
            try listener.listen("Grid Changes")
            try notifier.notify(channel: "Grid Changes", payload: "格子 320102-007 重新分配\t✓")
            let received = try listener.waitForNotifications(timeout: .seconds(10))
            #expect(received == [PQNotification(channel: "Grid Changes", payload: "格子 320102-007 重新分配\t✓",
                                                processID: notifier.backendProcessID)])
            // Several at once, in order; one on a channel nobody listens to is not delivered.
            try notifier.notify(channel: "elsewhere", payload: "x")
            try notifier.transaction {
                for n in 1...3 { try notifier.notify(channel: "Grid Changes", payload: "\(n)") }
            }
            var payloads: [String] = []
            while payloads.count < 3 {
                let batch = try listener.waitForNotifications(timeout: .seconds(10))
                if batch.isEmpty { break }
                payloads += batch.map(\.payload)
            }
            #expect(payloads == ["1", "2", "3"])
        }
    }

    @Test func aWaitWithoutNotificationsEndsAtItsTimeout() throws {
        try TestPostgres.withDatabase { uri in
            let listener = try PQConnection(uri: uri)
            try listener.listen("quiet")
            let clock = ContinuousClock()
            let start = clock.now
            let received = try listener.waitForNotifications(timeout: .milliseconds(400))
            let elapsed = clock.now - start
            #expect(received.isEmpty)
            #expect(elapsed >= .milliseconds(400))
            #expect(elapsed < .milliseconds(1500), "waited \(elapsed)")
            // Still a working connection afterwards.
            #expect(try listener.execute("SELECT 1").int(0, 0) == 1)
        }
    }
}
