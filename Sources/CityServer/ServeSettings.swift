import CityModel
import CityQuery
import Foundation
import GeoCore

/// The JSON file `citygrid serve --config` reads: the server's own settings (where to listen, who
/// may do what, how much it accepts) and the queries' limits and tolerances, which the API and
/// the CLI share:
///
///     { "host": "0.0.0.0", "port": 8080, "readsRequireToken": false,
///       "maxBodyBytes": 1048576, "publicBaseURL": "https://grid.example.org",
///       "defaultPageSize": 100, "maxPageSize": 10000, "routeSnapMeters": 100 }
///
/// Every member is optional; unknown members are refused so that a misspelt setting
/// is not silently ignored. The query members are `QueryConfiguration`'s, by the same names; the
/// transport members (HTTPS, timeouts, rate limits) are in `ServeSettings+Transport.swift`.
public struct ServeSettings: Sendable {
    public var server: ServerConfiguration
    public var queries: QueryConfiguration

    public init(server: ServerConfiguration = ServerConfiguration(), queries: QueryConfiguration = QueryConfiguration()) {
        self.server = server
        self.queries = queries
    }

    /// The query settings a file may give, each with the range it must lie in (metres or days).
    static let queryNumbers: [(key: String, path: WritableKeyPath<QueryConfiguration, Double> & Sendable, range: ClosedRange<Double>)] = [
        ("redLineToleranceMeters", \.redLineToleranceMeters, 0...100),
        ("redLineSearchMeters", \.redLineSearchMeters, 1...10_000),
        ("segmentToleranceMeters", \.segmentToleranceMeters, 1...10_000),
        ("duplicateRadiusMeters", \.duplicateRadiusMeters, 0...10_000),
        ("duplicateWindowDays", \.duplicateWindowDays, 0...365),
        ("routeSnapMeters", \.routeSnapMeters, 1...10_000),
        ("officerStaleSeconds", \.officerStaleSeconds, 10...86_400),
        ("webhookRetrySeconds", \.webhookRetrySeconds, 0.05...3600),
        ("webhookMaxAttempts", \.webhookMaxAttempts, 1...100),
        ("webhookTimeoutSeconds", \.webhookTimeoutSeconds, 0.5...60),
        ("photoMaxBytes", \.photoMaxBytes, 1_000...200_000_000),
        ("photoMaxDistanceMeters", \.photoMaxDistanceMeters, 1...100_000),
        ("photoReportSlackSeconds", \.photoReportSlackSeconds, 0...604_800),
    ]

    public init(contentsOf path: String) throws(ServerError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .configuration(file: path, field: nil, reason: "cannot be read")
        }
        try self.init(json: [UInt8](data), file: path)
    }

    /// Reads the configuration from JSON text; `file` names it in errors.
    public init(json bytes: [UInt8], file: String = "(configuration)") throws(ServerError) {
        let document: JSONValue
        do { document = try JSONValue(parsing: bytes) } catch {
            throw .configuration(file: file, field: nil, reason: error.description)
        }
        guard let o = document.objectValue else {
            throw .configuration(file: file, field: nil, reason: "expected a JSON object, found \(document.kindName)")
        }
        let known = Set(["host", "port", "tokens", "readsRequireToken", "maxBodyBytes", "defaultPageSize",
                         "maxPageSize", "publicBaseURL", "webhookHosts"] + Self.queryNumbers.map(\.key) + Self.transportMembers)
        if let unknown = o.keys.first(where: { !known.contains($0) }) {
            throw .configuration(file: file, field: unknown, reason: "unknown setting")
        }
        func string(_ key: String) throws(ServerError) -> String? {
            guard let v = o[key], !v.isNull else { return nil }
            guard let s = v.stringValue else { throw .configuration(file: file, field: key, reason: "expected a string, found \(v.kindName)") }
            return s
        }
        func integer(_ key: String, in range: ClosedRange<Int>) throws(ServerError) -> Int? {
            guard let v = o[key], !v.isNull else { return nil }
            guard let i = v.intValue, range.contains(i) else {
                throw .configuration(file: file, field: key, reason: "expected an integer in \(range.lowerBound)...\(range.upperBound), found \(v.jsonString)")
            }
            return i
        }
        var readsRequireToken = false
        if let v = o["readsRequireToken"] {
            guard let b = v.boolValue else { throw .configuration(file: file, field: "readsRequireToken", reason: "expected true or false") }
            readsRequireToken = b
        }
        // Plain-text tokens in a file were readable by anyone with the file and held city-wide;
        // accounts live in the store now, their tokens only as digests.
        if o["tokens"] != nil {
            throw .configuration(file: file, field: "tokens",
                                 reason: "tokens are no longer read from the configuration: make accounts with `citygrid users add` (their tokens are kept in the store as digests, with roles scoped to areas)")
        }
        server = ServerConfiguration(host: try string("host") ?? "127.0.0.1",
                                     port: try integer("port", in: 0...65535) ?? 8080,
                                     readsRequireToken: readsRequireToken,
                                     maxBodyBytes: try integer("maxBodyBytes", in: 1...(1 << 30)) ?? (1 << 20),
                                     publicBaseURL: try string("publicBaseURL"))
        server.transport = try Self.transport(from: o, file: file)
        queries = QueryConfiguration()
        queries.maxPageSize = try integer("maxPageSize", in: 1...1_000_000) ?? queries.maxPageSize
        queries.defaultPageSize = try integer("defaultPageSize", in: 1...queries.maxPageSize) ?? min(queries.defaultPageSize, queries.maxPageSize)
        for setting in Self.queryNumbers {
            guard let v = o[setting.key], !v.isNull else { continue }
            guard let x = v.doubleValue, setting.range.contains(x) else {
                throw .configuration(file: file, field: setting.key,
                                     reason: "expected a number in \(setting.range.lowerBound)...\(setting.range.upperBound), found \(v.jsonString)")
            }
            queries[keyPath: setting.path] = x
        }
        if let v = o["webhookHosts"], !v.isNull {
            guard let hosts = v.arrayValue?.compactMap(\.stringValue), hosts.count == v.arrayValue?.count, !hosts.isEmpty else {
                throw .configuration(file: file, field: "webhookHosts", reason: "expected a non-empty array of host names, found \(v.jsonString)")
            }
            queries.webhookHosts = Set(hosts.map { $0.lowercased() })
        }
    }
}
