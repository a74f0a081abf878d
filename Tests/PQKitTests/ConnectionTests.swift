import PQKit
import Testing
import TestSupport

@Suite("Connections: loss, reset, failover", .enabled(if: TestPostgres.isEnabled, TestPostgres.skipReason))
struct ConnectionTests {
    @Test func aTerminatedBackendIsAConnectionFailureAndResetRecovers() throws {
        try TestPostgres.withDatabase { uri in
            let victim = try PQConnection(uri: uri)
            let killer = try PQConnection(uri: uri)
            let pid = victim.backendProcessID
            #expect(try killer.execute("SELECT pg_terminate_backend($1::int, 10000)", [.int(Int64(pid))]).bool(0, 0) == true)

            let error = #expect(throws: PQError.self) { try victim.execute("SELECT 1") }
            #expect(error?.isConnectionFailure == true, "\(String(describing: error))")
            #expect(victim.isConnectionBad)

            try victim.reset()
            #expect(!victim.isConnectionBad)
            #expect(victim.backendProcessID != pid)
            #expect(try victim.execute("SELECT 1").int(0, 0) == 1)
        }
    }

    @Test func anIdleConnectionWhoseServerWentAwayIsFoundUnusableBeforeItIsUsed() throws {
        try TestPostgres.withDatabase { uri in
            let victim = try PQConnection(uri: uri)
            let killer = try PQConnection(uri: uri)
            #expect(victim.isUsable())
            // With a timeout, pg_terminate_backend waits until the backend has exited.
            #expect(try killer.execute("SELECT pg_terminate_backend($1::int, 10000)", [.int(Int64(victim.backendProcessID))]).bool(0, 0) == true)

            // libpq reads the socket only when the connection is used: it has not noticed yet.
            #expect(!victim.isConnectionBad)
            #expect(!victim.isUsable())
            #expect(victim.isConnectionBad)

            try victim.reset()
            #expect(victim.isUsable())
            #expect(try victim.execute("SELECT 1").int(0, 0) == 1)
        }
    }

    @Test func aNotificationThatArrivedWhileIdleLeavesTheConnectionUsableAndIsKept() throws {
        try TestPostgres.withDatabase { uri in
            let listener = try PQConnection(uri: uri)
            let notifier = try PQConnection(uri: uri)
            try listener.listen("idle_check")
            try notifier.notify(channel: "idle_check", payload: "while idle")
            // Delivered to the listener's socket; wait until it is there (one round trip suffices).
            _ = try notifier.execute("SELECT pg_sleep(0.2)")

            #expect(listener.isUsable())
            #expect(!listener.isConnectionBad)
            let received = try listener.waitForNotifications(timeout: .seconds(2))
            #expect(received.map(\.payload) == ["while idle"])
        }
    }

    @Test func aMultiHostURIPassesOverAClosedPort() throws {
        try TestPostgres.withDatabase { uri in
            let port = TestPostgres.port(of: uri)
            let closed = TestPostgres.closedPort()
            let failover = uri
                .replacingOccurrences(of: "127.0.0.1:\(port)", with: "127.0.0.1:\(closed),127.0.0.1:\(port)")
                + "?target_session_attrs=read-write&connect_timeout=2"
            let db = try PQConnection(uri: failover)
            #expect(db.serverAddress == "127.0.0.1:\(port)")
            #expect(try db.isInRecovery() == false)
            #expect(try db.execute("SELECT current_database()").string(0, 0)?.hasPrefix("pqkit_") == true)
            // reset() goes through the list again and lands on the same server.
            try db.reset()
            #expect(db.serverAddress == "127.0.0.1:\(port)")
        }
    }

    @Test func theClientEncodingIsUTF8WhateverTheURISays() throws {
        try TestPostgres.withDatabase { uri in
            let db = try PQConnection(uri: uri + "?client_encoding=LATIN1")
            #expect(try db.execute("SHOW client_encoding").string(0, 0) == "UTF8")
            #expect(try db.execute("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")
                .string(0, 0) == "citygrid")
        }
    }
}
