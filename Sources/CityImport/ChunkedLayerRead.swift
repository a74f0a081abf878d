import CityModel
import CityStore
import Foundation
import GeoCore
import GeoIO

/// A layer file read chunk by chunk, in three steps that an import runs where it likes:
/// `nextChunk` reads records (in order, one caller at a time); `process` reprojects a chunk in
/// one PROJ array call and does each record's own work (GEOS validity, the area check, field
/// mapping, entity building), on any thread; `merge` adds a processed chunk to the report in
/// record order and hands on its entities, stopping at the first bad record of a real import.
final class ChunkedLayerRead: @unchecked Sendable {
    let path: String
    let layer: Layer?
    let options: ImportOptions
    let file: LayerSource
    let schema: LayerSchema?
    private let reprojector: Reprojector?
    private let area: DeploymentArea?
    private let validation: GeometryValidation
    private let catalogue: CaseTypeCatalogue?
    let codeField: Int?
    private let chunkSize: Int

    // Touched by `nextChunk` only (callers serialise it; `process` reads `mapping` after).
    private(set) var mapping: FieldMapping?
    private var observedTypes: [String: String] = [:], observedOrder: [String] = []
    private var recordsRead = 0
    private var ended = false

    /// Touched by `merge` and `finishedReport` only.
    private(set) var report: ImportReport

    init(path: String, layer: Layer?, options: ImportOptions, provider: any CRSProvider, chunkSize: Int? = nil) throws(CityImportError) {
        self.path = path
        self.layer = layer
        self.options = options
        self.chunkSize = chunkSize ?? options.chunkSize
        file = try LayerSource(path: path, encoding: options.encoding)
        report = ImportReport(path: path, layer: layer)
        report.encoding = file.encoding
        let crs = options.crs ?? file.statedCRS ?? file.impliedCRS
        if let crs {
            report.crs = crs.description
            if case .definition(let d) = crs { report.crsName = provider.name(of: d) }
            reprojector = try Reprojector(source: crs, working: options.workingCRS, provider: provider)
            area = try DeploymentArea(lonLat: options.areaLonLat, working: options.workingCRS, provider: provider)
        } else if layer != nil {
            throw .missingCRS(path: path, hint: "the file has no .prj (or GeoJSON \"crs\"); say what its coordinates are with --crs "
                + "(an EPSG code such as 4549, 4326 or 32651, a PROJ string, wgs84, gcj02 or bd09)")
        } else {
            reprojector = nil
            area = nil
            report.warnings.append("no .prj and no --crs: coordinates not reprojected, deployment area not checked")
        }
        schema = layer.map(LayerSchema.of)
        validation = GeometryValidation(target: schema?.geometry ?? .polygon, repair: options.repair)
        catalogue = layer == .cases ? try? CaseTypeCatalogue.bundled() : nil
        codeField = layer == .grids ? schema?.fields.firstIndex { $0.name == "CODE" } : nil
    }

    /// The next records of the file, nil at its end. The first call settles the field mapping (a
    /// GeoJSON or CSV file's columns are known only from its records), even for an empty file.
    func nextChunk() throws(CityImportError) -> [SourceFeature]? {
        guard !ended else { return nil }
        let chunk: [SourceFeature]
        do {
            chunk = try file.source.nextFeatures(upTo: chunkSize)
        } catch {
            throw .read(error)
        }
        if file.declaredFields == nil {
            for f in chunk {
                for a in f.attributes {
                    if observedTypes[a.name] == nil { observedOrder.append(a.name); observedTypes[a.name] = "" }
                    if let t = LayerSource.ogrType(a.value) {
                        let old = observedTypes[a.name]!
                        observedTypes[a.name] = old.isEmpty || old == t ? t : (Set([old, t]) == ["Integer", "Real"] ? "Real" : "String")
                    }
                }
            }
        }
        if let schema, mapping == nil {
            mapping = try FieldMapping(schema: schema, available: file.source.fieldNames ?? observedOrder, overrides: options.overrides, path: path)
        }
        recordsRead += chunk.count
        if chunk.isEmpty { ended = true; return nil }
        return chunk
    }

    /// A chunk's records reprojected and built, spread over all cores in ranges of at least
    /// `minimumRange` records (a range as large as the chunk keeps it on the calling thread).
    func process(_ chunk: [SourceFeature], minimumRange: Int) -> ScannedChunk {
        var scanned = ScannedChunk(records: chunk.map(\.recordNumber))
        var geometries = chunk.map(\.geometry)
        for g in geometries {
            guard let g, !g.isEmpty else { scanned.nullGeometries += 1; continue }
            scanned.geometryTypes[g.typeName, default: 0] += 1
            if g.hasZ { scanned.withZ += 1 }
        }
        if let reprojector {
            do {
                try reprojector.reproject(&geometries, records: scanned.records, path: path)
            } catch {
                scanned.reprojectionError = error
                geometries = geometries.map { _ in nil }
            }
        }
        let stage = RecordStage(path: path, validation: validation, area: reprojector == nil ? nil : area, mapping: mapping,
                                catalogue: catalogue, uncodedField: options.numberCells ? codeField : nil)
        scanned.outcomes = stage.outcomes(of: chunk, geometries: geometries, minimumRange: minimumRange)
        return scanned
    }

    /// Adds a processed chunk to the report, in record order, and hands each built entity to
    /// `built`. A real import throws the first error (a dry run collects them); invalid
    /// geometries are collected either way, for `finishedReport`.
    func merge(_ scanned: inout ScannedChunk, uncoded: inout [GridNumberingStep.Pending],
               built: (LayerEntity, [String: String], Int) throws(CityImportError) -> Void) throws(CityImportError) {
        if let error = scanned.reprojectionError {
            if !options.dryRun { throw error }
            report.errors.append(error.description)
        }
        report.nullGeometries += scanned.nullGeometries
        report.withZ += scanned.withZ
        for (type, n) in scanned.geometryTypes { report.geometryTypes[type, default: 0] += n }
        var k = 0
        for p in scanned.outcomes.indices {
            for i in scanned.outcomes[p].indices {
                // Moved out rather than copied: a copy retains every string of the entity.
                var outcome = RecordOutcome()
                swap(&outcome, &scanned.outcomes[p][i])
                let record = scanned.records[k]
                k += 1
                if let r = outcome.repaired { report.repaired.append(r) }
                if let i = outcome.invalid { report.invalid.append(i) }
                if outcome.outside {
                    report.outsideArea += 1
                    if report.outsideSample.count < 10 { report.outsideSample.append(record) }
                }
                do throws(CityImportError) {
                    switch outcome.product {
                    case .none: continue
                    case .uncoded(let pending): uncoded.append(pending); continue
                    case .failed(let error): throw error
                    case .built(let entity, let extra): try built(entity, extra, record)
                    }
                } catch {
                    if !options.dryRun { throw error }
                    if report.errors.count < 1000 { report.errors.append(error.description) }
                }
            }
        }
        report.features += scanned.records.count
    }

    /// The report once every chunk is merged: the file's columns, the mapping and the reader's warnings.
    func finishedReport() -> ImportReport {
        var report = self.report
        if let mapping {
            report.mapping = mapping.pairs
            report.extraColumns = mapping.extraColumns
        }
        report.fields = file.declaredFields ?? observedOrder.map { ($0, observedTypes[$0]!.isEmpty ? "String" : observedTypes[$0]!) }
        report.warnings += file.source.warnings.prefix(50).map(\.description)
        if file.source.warnings.count > 50 { report.warnings.append("… \(file.source.warnings.count - 50) more warnings") }
        return report
    }
}

/// One chunk after `ChunkedLayerRead.process`: its figures and each record's outcome, in record order.
struct ScannedChunk: Sendable {
    var records: [Int]
    var nullGeometries = 0
    var withZ = 0
    var geometryTypes: [String: Int] = [:]
    var reprojectionError: CityImportError?
    /// In record order, in the ranges they were built in.
    var outcomes: [[RecordOutcome]] = []
}
