import CityModel
import CityStore
import Foundation

/// Loads every layer file found in a folder (`grids`, `parcels`, … `cases`; `.shp` preferred, else
/// `.geojson`) in dependency order, as ONE write batch: the store ends with all of them or, on any
/// error, exactly as it was.
public struct DirectoryLoader {
    public let importer: LayerFileReader

    public init(importer: LayerFileReader) {
        self.importer = importer
    }

    /// The layer files of `directory`, in load order.
    public static func layerFiles(in directory: String) -> [(layer: Layer, path: String)] {
        Layer.allCases.compactMap { layer in
            for ext in ["shp", "SHP", "geojson", "json"] {
                let path = (directory as NSString).appendingPathComponent("\(layer.rawValue).\(ext)")
                if FileManager.default.fileExists(atPath: path) { return (layer, path) }
            }
            return nil
        }
    }

    /// Reads the zone layers, streams storefronts, structures and cases (attributed against the
    /// zones of this load, and the store's current ones for zone layers the folder lacks), and
    /// commits once, with a `layer.import` audit line per layer when `author` is given. The
    /// reports come in load order.
    /// `asLastWrite`: the caller is done with `store` afterwards (`CityStore.commitAsLastWrite`).
    public func load(directory: String, into store: CityStore, attribution: AttributionStep? = nil, asLastWrite: Bool = false,
                     by author: ImportAuthor? = nil,
                     progress: ((Layer) -> (any ImportProgress)?)? = nil) throws(CityImportError) -> [ImportReport] {
        let files = Self.layerFiles(in: directory)
        guard !files.isEmpty else {
            throw .badArgument(parameter: "DIR", reason: "\(directory) holds no layer file (\(Layer.allCases.map { "\($0.rawValue).shp" }.joined(separator: ", ")) or .geojson)")
        }
        // A streamed layer stands in `imports` with no entities, so that the staging store numbers
        // the zone layers' import runs as the batch will. (A dry run reads every layer whole.)
        let streams = { (layer: Layer) in !importer.options.dryRun && Self.streams(layer) }
        var imports: [LayerContents] = []
        for (layer, path) in files {
            imports.append(streams(layer) ? LayerContents(layer: layer, path: path, report: ImportReport(path: path, layer: layer))
                                               : try importer.read(layer: layer, path: path, progress: progress?(layer)))
        }
        var staging: CityStore?
        if let attribution, files.contains(where: { streams($0.layer) && attribution.layers.contains($0.layer) }) {
            staging = try AttributionStaging.staging(imports, store: store, step: attribution)
        }
        let view = staging?.read { $0 }
        let streaming = StreamingImport(importer: importer)
        var batch = WriteBatch()
        var layerStreams: [LayerStream] = []
        for i in imports.indices {
            guard let layer = imports[i].layer, streams(layer) else {
                try imports[i].add(to: &batch)
                continue
            }
            let s = try streaming.stream(layer: layer, path: imports[i].path, attribution: attribution, view: view, progress: progress?(layer))
            s.add(to: &batch)
            layerStreams.append(s)
        }
        if let author { for (layer, path) in files { batch.record(author.entry(layer, path: path)) } }
        // Photos' bytes first: the commit's cases and dossiers then name only photos the store has.
        for (layer, path) in files { try SideTables(path: path, layer: layer).stagePhotos(into: PhotoLibrary.beside(store.storage)) }
        try withExtendedLifetime(staging) { () throws(CityImportError) in
            try streaming.commit(batch, of: layerStreams, into: store, asLastWrite: asLastWrite)
        }
        return imports.map { i in layerStreams.first { $0.layer == i.layer }?.report ?? i.report }
    }

    /// The layers a load streams from their files: the many, and none a later layer is attributed
    /// against (streamed layers are attributed on the way in; officers at their station).
    static func streams(_ layer: Layer) -> Bool { [.storefronts, .structures, .cases, .officers].contains(layer) }

    /// Attributes (when a step is given) and commits the imports as one batch. `asLastWrite`: the
    /// caller is done with `store` afterwards (`CityStore.commitAsLastWrite`).
    public static func commit(_ imports: inout [LayerContents], into store: CityStore, attribution: AttributionStep?,
                              asLastWrite: Bool = false, by author: ImportAuthor? = nil) throws(CityImportError) {
        if let attribution, imports.contains(where: { $0.layer.map(attribution.layers.contains) ?? false }) {
            try AttributionStaging.attribute(&imports, store: store, step: attribution)
        }
        var batch = WriteBatch()
        for i in imports { try i.add(to: &batch) }
        if let author { for i in imports { if let layer = i.layer { batch.record(author.entry(layer, path: i.path)) } } }
        do {
            if asLastWrite { try store.commitAsLastWrite(batch) } else { try store.commit(batch) }
        } catch {
            throw .store(reason: "\(error)")
        }
    }
}

/// The zone layers as they will be after the commit, in a private in-memory store, so that the
/// attribution step sees the cells and segments of the same load through an ordinary `CityView`.
/// Each feature carries the zone version the real commit will give its layer (the next import-run
/// ids, in batch order), so an attribution's `ZoneVersions` are right in the real store too.
enum AttributionStaging {
    static func attribute(_ imports: inout [LayerContents], store: CityStore, step: AttributionStep) throws(CityImportError) {
        let staging = try self.staging(imports, store: store, step: step)
        let view = staging.read { $0 }
        for k in imports.indices where imports[k].layer.map(step.layers.contains) ?? false {
            try imports[k].attribute(step, view: view)
        }
    }

    /// An in-memory store of the zone layers as the commit will leave them: those of `imports`
    /// and the store's current ones for the rest (not the layers `step` changes: locating reads
    /// zones only, and a re-import of a million shops need not copy the old ones). Nothing writes
    /// it after this, so its view may be kept beyond `read`.
    static func staging(_ imports: [LayerContents], store: CityStore, step: AttributionStep) throws(CityImportError) -> CityStore {
        do {
            let staging = try CityStore(database: try CityDatabase.inMemory())
            var nextRun = try lastImportRun(of: store) + 1
            var batch = WriteBatch()
            let loaded = Set(imports.compactMap(\.layer))
            for i in imports {
                let version = nextRun
                nextRun += 1
                guard let layer = i.layer, !step.layers.contains(layer) else { continue }
                for var f in try i.storedFeatures() {
                    f.zoneVersion = version
                    batch.insert(f)
                }
            }
            let current: [StoredFeature] = store.read { view in
                Layer.allCases.filter { !loaded.contains($0) && !step.layers.contains($0) }.flatMap { Array(view[$0].features.values) }
            }
            for f in current { batch.insert(f) }
            try staging.commit(batch)
            return staging
        } catch let e as CityImportError {
            throw e
        } catch {
            throw .store(reason: "preparing attribution: \(error)")
        }
    }

    /// The id of the store's last import run (0 for none): the next `replaceLayer` gets the one after.
    static func lastImportRun(of store: CityStore) throws -> Int {
        try store.lastImportRun()
    }
}
