import CityModel
import ArgumentParser
import CityImport
import CityQuery
import CityServer
import CityStore
import Foundation
import GeoCore

/// `citygrid serve`: the HTTP API, OGC API – Features and the web map. With no `--store` it loads
/// the sample district from geodata/ into a fresh embedded store first, so a new user sees it
/// working at once.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the store over HTTP or HTTPS (JSON API, OGC API – Features, Open311).")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "The store: a SQLite file or a PostgreSQL URI (postgresql://USER@HOST:PORT/DB); without it the sample district is loaded into a temporary store.")
    var store: String?
    @Option(help: "Server configuration (tokens and roles, limits) as JSON.") var config: String?
    @Option(help: "The folder the sample district is loaded from when no --store is given.")
    var sample = "geodata/sample"
    @Option(help: ArgumentHelp("PEM certificate chain: serve HTTPS (TLS 1.2 or later) with --tls-key. The port then speaks only HTTPS; plain HTTP is off.",
                               valueName: "file"))
    var tlsCert: String?
    @Option(help: ArgumentHelp("PEM private key of --tls-cert.", valueName: "file")) var tlsKey: String?

    /// The certificate and key from the command line, which win over the configuration file's.
    var tlsFiles: TLSFiles? {
        guard let tlsCert, let tlsKey else { return nil }
        return TLSFiles(certificatePath: tlsCert, keyPath: tlsKey)
    }

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        // Read now, so that a bad file stops the command before the sample is loaded.
        _ = try tlsFiles?.loaded()
    }

    func run() async throws {
        guard store == nil else { return try await serve(sampleFile: nil) }
        let removed = SampleStoreFile.removeLeftovers()
        if removed > 0 { ImportConsole.err("removed \(removed) sample store(s) left by servers that are gone") }
        let file = SampleStoreFile()
        // The store is closed when `serve` returns (SIGTERM, SIGINT or an error), before its file goes.
        defer {
            file.remove()
            ImportConsole.err("removed the sample store \(file.path)")
        }
        try await serve(sampleFile: file)
    }

    func serve(sampleFile: SampleStoreFile?) async throws {
        let bridge = try WorkingCRS.bridge()
        let cityStore: CityStore
        var configPath = config
        if let sampleFile {
            cityStore = try Self.loadSample(from: sample, into: sampleFile)
            // The sample ships its own demonstration tokens (one per role), so the workflow can be
            // tried at once; a real deployment passes --config.
            if configPath == nil, FileManager.default.fileExists(atPath: sample + "/server-config.json") {
                configPath = sample + "/server-config.json"
            }
        } else {
            let store = store!
            guard CityStore.storageExists(store) else {
                throw ValidationError("no store at \(store): load one with `citygrid load DIR --store \(store)`")
            }
            let started = Date()
            cityStore = try CityStore(storage: CityStore.openStorage(store))
            ImportConsole.err("opened \(store) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
        }
        var settings = try configPath.map(ServeSettings.init(contentsOf:)) ?? ServeSettings()
        settings.server.host = host
        settings.server.port = port
        if let tlsFiles { settings.server.transport.tls = tlsFiles }
        let scheme = settings.server.transport.tls == nil ? "http" : "https"
        let counts = cityStore.read { view in Layer.allCases.map { "\(view[$0].count) \($0.rawValue)" } }
        ImportConsole.err("CityGrid: \(counts.joined(separator: ", "))")
        // One application in this process: its registry is also swift-metrics' global backend, so
        // whatever a library records through swift-metrics is in /metrics too.
        let metrics = MetricsRegistry()
        metrics.bootstrapMetricsSystem()
        let queries = try CityQueries(store: cityStore, bridge: bridge, configuration: settings.queries)
        try announceAccounts(queries, sample: sampleFile != nil)
        try await runServer(queries: queries, configuration: settings.server, metrics: metrics) { [host] port in
            ImportConsole.err("serving \(scheme)://\(host):\(port)/  (API /api/v1, OGC API /ogc, OpenAPI /openapi.json)")
        }
    }

    /// The sample gets its demonstration accounts (public secrets, printed so they can be tried
    /// at once); a store of one's own that has no account yet is told how to make the first.
    func announceAccounts(_ queries: CityQueries, sample: Bool) throws {
        if sample {
            let file = self.sample + "/accounts.json"
            guard FileManager.default.fileExists(atPath: file) else { return }
            _ = try queries.seedAccounts(from: file, by: Caller.commandLine("citygrid serve (sample)"))
            ImportConsole.err("demonstration accounts of the sample (their tokens are public; see \(file)):")
            for line in try Self.demonstrationTokens(file) { ImportConsole.err("  " + line) }
        } else if try queries.accounts(by: LocalOperator.principal).isEmpty {
            ImportConsole.err("no accounts yet: reads are open, writes refused. Make the first administrator with "
                + "`citygrid users add --store \(store ?? "FILE") --name NAME --unit UNIT --role admin --area city`")
        }
    }

    /// "演示-派单员 (officer, dispatcher; district:310101): sample-dispatcher-token-01"
    static func demonstrationTokens(_ file: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: file),
              let accounts = try JSONValue(parsing: [UInt8](data))["accounts"]?.arrayValue else { return [] }
        return accounts.map { a in
            let roles = (a["roles"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
            let areas = (a["areas"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
            return "\(a["name"]?.stringValue ?? "?") (\(roles); \(areas)): \(a["token"]?["secret"]?.stringValue ?? "?")"
        }
    }

    /// A fresh store in a temporary file, loaded with the sample district and attributed.
    static func loadSample(from directory: String, into file: SampleStoreFile) throws -> CityStore {
        guard FileManager.default.fileExists(atPath: directory + "/grids.shp") || FileManager.default.fileExists(atPath: directory + "/grids.geojson") else {
            throw ValidationError("no sample district in \(directory) (run from the project root, or pass --store)")
        }
        let path = file.path
        file.remove()
        let started = Date()
        let store = try CityStore(database: CityDatabase.open(path: path))
        let loader = DirectoryLoader(importer: LayerFileReader(provider: ProjCRSProvider(), options: ImportOptions()))
        _ = try loader.load(directory: directory, into: store, attribution: ImportConsole.attributionStep,
                            by: ImportAuthor(principal: LocalOperator.principal, via: "citygrid serve (sample)"), progress: { _ in nil })
        ImportConsole.err("loaded the sample district from \(directory) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s (store \(path))")
        return store
    }
}
