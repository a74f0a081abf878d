import GeoCore

/// The configuration file's transport members (`TransportConfiguration`), all optional:
///
///     { "tlsCertificate": "/etc/citygrid/cert.pem", "tlsKey": "/etc/citygrid/key.pem",
///       "idleTimeoutSeconds": 10, "maxConnectionsPerAddress": 64,
///       "reportsPerMinutePerToken": 30, "reportBurstPerToken": 10,
///       "reportsPerMinutePerAddress": 60, "reportBurstPerAddress": 20 }
///
/// File paths are as given: relative ones from the directory `citygrid serve` runs in.
extension ServeSettings {
    static let transportMembers = ["tlsCertificate", "tlsKey", "idleTimeoutSeconds", "maxConnectionsPerAddress",
                                   "reportsPerMinutePerToken", "reportBurstPerToken",
                                   "reportsPerMinutePerAddress", "reportBurstPerAddress"]

    static func transport(from o: JSONObject, file: String) throws(ServerError) -> TransportConfiguration {
        func number(_ key: String, in range: ClosedRange<Double>) throws(ServerError) -> Double? {
            guard let v = o[key], !v.isNull else { return nil }
            guard let x = v.doubleValue, range.contains(x) else {
                throw .configuration(file: file, field: key, reason: "expected a number in \(range.lowerBound)...\(range.upperBound), found \(v.jsonString)")
            }
            return x
        }
        func integer(_ key: String, in range: ClosedRange<Int>) throws(ServerError) -> Int? {
            guard let v = o[key], !v.isNull else { return nil }
            guard let i = v.intValue, range.contains(i) else {
                throw .configuration(file: file, field: key, reason: "expected an integer in \(range.lowerBound)...\(range.upperBound), found \(v.jsonString)")
            }
            return i
        }
        func path(_ key: String) throws(ServerError) -> String? {
            guard let v = o[key], !v.isNull else { return nil }
            guard let s = v.stringValue, !s.isEmpty else { throw .configuration(file: file, field: key, reason: "expected a file path") }
            return s
        }
        var transport = TransportConfiguration()
        switch (try path("tlsCertificate"), try path("tlsKey")) {
        case (nil, nil): break
        case let (certificate?, key?): transport.tls = TLSFiles(certificatePath: certificate, keyPath: key)
        case (nil, _): throw .configuration(file: file, field: "tlsCertificate", reason: "tlsKey is given without it")
        case (_, nil): throw .configuration(file: file, field: "tlsKey", reason: "tlsCertificate is given without it")
        }
        transport.idleTimeoutSeconds = try number("idleTimeoutSeconds", in: 0.1...3600) ?? transport.idleTimeoutSeconds
        transport.maxConnectionsPerAddress = try integer("maxConnectionsPerAddress", in: 1...1_000_000) ?? transport.maxConnectionsPerAddress
        var limits = transport.reportLimits
        limits.perTokenPerMinute = try number("reportsPerMinutePerToken", in: 0.01...1_000_000) ?? limits.perTokenPerMinute
        limits.perTokenBurst = try integer("reportBurstPerToken", in: 1...1_000_000) ?? limits.perTokenBurst
        limits.perAddressPerMinute = try number("reportsPerMinutePerAddress", in: 0.01...1_000_000) ?? limits.perAddressPerMinute
        limits.perAddressBurst = try integer("reportBurstPerAddress", in: 1...1_000_000) ?? limits.perAddressBurst
        transport.reportLimits = limits
        return transport
    }
}
