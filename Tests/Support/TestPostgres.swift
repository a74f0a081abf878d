import Foundation
import PQKit
import Testing

/// The PostgreSQL server the tests use: `CITYGRID_TEST_POSTGRES`, the URI of a throwaway cluster
/// that scripts/test starts with scripts/pg-cluster. Without it the suites are skipped, except on
/// CI (`CI` set), where a skipped database test would pass unseen: there they run and fail.
public enum TestPostgres {
    public static let uri: String? = {
        let value = ProcessInfo.processInfo.environment["CITYGRID_TEST_POSTGRES"] ?? ""
        return value.isEmpty ? nil : value
    }()

    public static let isCI = !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty

    /// For `.enabled(if: TestPostgres.isEnabled, TestPostgres.skipReason)`.
    public static let isEnabled = uri != nil || isCI
    public static let skipReason: Comment = "CITYGRID_TEST_POSTGRES is not set: run through scripts/test, which starts a throwaway PostgreSQL"

    public struct NotConfigured: Error, CustomStringConvertible {
        public var description: String { "CITYGRID_TEST_POSTGRES is not set: run through scripts/test" }
    }

    /// A new database cloned from `citygrid_template`, dropped when released: for tests that
    /// keep a database across `await`s (servers on it).
    public final class Database: @unchecked Sendable {
        public let uri: String
        private let admin: PQConnection
        private let name: String

        public init(prefix: String = "citygrid") throws {
            guard let base = TestPostgres.uri else { throw NotConfigured() }
            admin = try PQConnection(uri: base)
            name = try admin.escapeIdentifier("\(prefix)_\(String(UInt64.random(in: 0...UInt64.max), radix: 16))")
            try admin.execute("CREATE DATABASE \(name) TEMPLATE citygrid_template")
            uri = TestPostgres.uri(base, database: name.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        }

        deinit { try? drop() }

        /// Drops the database at once, ending every connection to it: what a server node sees
        /// when its database is gone. New connections are refused first, so that a node
        /// reconnecting in the meantime cannot hold the drop up (FORCE ends only the ones there).
        public func drop() throws {
            var failure: (any Error)?
            for _ in 0..<10 {
                do {
                    _ = try? admin.execute("ALTER DATABASE \(name) ALLOW_CONNECTIONS false")
                    try admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                    return
                } catch {
                    failure = error
                    Thread.sleep(forTimeInterval: 0.2)
                }
            }
            throw failure!
        }
    }

    /// Runs `body` with the URI of a new database cloned from `citygrid_template` (PostGIS and
    /// pg_trgm installed), under a random name, and drops it afterwards, whatever happened.
    public static func withDatabase<T>(_ body: (String) throws -> T) throws -> T {
        guard let uri else { throw NotConfigured() }
        let admin = try PQConnection(uri: uri)
        let name = try admin.escapeIdentifier("pqkit_\(String(UInt64.random(in: 0...UInt64.max), radix: 16))")
        try admin.execute("CREATE DATABASE \(name) TEMPLATE citygrid_template")
        // FORCE: a test that failed half-way may have left a connection open.
        defer { _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        return try body(Self.uri(uri, database: name.trimmingCharacters(in: CharacterSet(charactersIn: "\""))))
    }

    /// The URI with its database (the path) replaced.
    public static func uri(_ uri: String, database: String) -> String {
        let scheme = uri.range(of: "://")!
        let pathStart = uri[scheme.upperBound...].firstIndex(where: { $0 == "/" || $0 == "?" }) ?? uri.endIndex
        let pathEnd = uri[pathStart...].firstIndex(of: "?") ?? uri.endIndex
        return uri[..<pathStart] + "/" + database + uri[pathEnd...]
    }

    /// The port in a single-host URI.
    public static func port(of uri: String) -> Int {
        let authority = uri.components(separatedBy: "://")[1].split(separator: "/")[0]
        return Int(authority.split(separator: ":").last!)!
    }

    /// A loopback port nothing listens on: the kernel picks a free one for a socket bound to port 0,
    /// which is closed again (another process could take the port in between, but hardly one that
    /// answers PostgreSQL's protocol).
    public static func closedPort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        precondition(descriptor >= 0, "socket: errno \(errno)")
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let status = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 ? getsockname(descriptor, address, &length) : -1
            }
        }
        precondition(status == 0, "bind/getsockname: errno \(errno)")
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
