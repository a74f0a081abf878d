import CityModel
import CityStore
import Foundation
import GeoCore
import GeoIO

/// Reads a layer file into entities, in chunks: each chunk is reprojected in one PROJ array call,
/// checked by GEOS, built into entities and validated; nothing touches the store here. A real
/// import stops at the first bad record (with its number and field); a dry run collects them.
public struct LayerImporter {
    public let provider: any CRSProvider
    public let options: ImportOptions

    public init(provider: any CRSProvider, options: ImportOptions = ImportOptions()) {
        self.provider = provider
        self.options = options
    }

    /// Reads and builds the whole layer, side tables included.
    public func read(layer: Layer, path: String, progress: (any ImportProgress)? = nil) throws(CityImportError) -> LayerImport {
        var result = LayerImport(layer: layer, path: path, report: ImportReport(path: path, layer: layer))
        try scan(path: path, layer: layer, into: &result, progress: progress)
        if layer == .grids { try checkTopology(of: &result) }
        if !options.dryRun || result.report.errors.isEmpty {
            do {
                try SideTables(path: path, layer: layer).apply(to: &result)
            } catch let e as CityImportError {
                if !options.dryRun { throw e }
                result.report.errors.append(e.description)
            } catch {
                throw .badArgument(parameter: "side table", reason: "\(error)")
            }
        }
        return result
    }

    /// `--check` without a layer: the file's figures only.
    public func check(path: String, progress: (any ImportProgress)? = nil) throws(CityImportError) -> ImportReport {
        var result = LayerImport(layer: nil, path: path, report: ImportReport(path: path, layer: nil))
        try scan(path: path, layer: nil, into: &result, progress: progress)
        return result.report
    }

    private func scan(path: String, layer: Layer?, into result: inout LayerImport, progress: (any ImportProgress)?) throws(CityImportError) {
        let file = try LayerSource(path: path, encoding: options.encoding)
        var report = result.report
        report.encoding = file.encoding
        let crs = options.crs ?? file.statedCRS ?? file.impliedCRS
        var reprojector: Reprojector?
        var area: DeploymentArea?
        if let crs {
            report.crs = crs.description
            if case .definition(let d) = crs { report.crsName = provider.name(of: d) }
            reprojector = try Reprojector(source: crs, working: options.workingCRS, provider: provider)
            area = try DeploymentArea(lonLat: options.areaLonLat, working: options.workingCRS, provider: provider)
        } else if layer != nil {
            throw .missingCRS(path: path, hint: "the file has no .prj (or GeoJSON \"crs\"); say what its coordinates are with --crs "
                + "(an EPSG code such as 4549, 4326 or 32651, a PROJ string, wgs84, gcj02 or bd09)")
        } else {
            report.warnings.append("no .prj and no --crs: coordinates not reprojected, deployment area not checked")
        }
        let schema = layer.map(LayerSchema.of)
        var mapping: FieldMapping?
        var builder: EntityBuilder?  // for GridNumberingStep; RecordStage makes its own per task
        let validation = GeometryValidation(target: schema?.geometry ?? .polygon, repair: options.repair)
        let catalogue = layer == .cases ? try? CaseTypeCatalogue.bundled() : nil
        var firstRecord: [String: Int] = [:]
        var observedTypes: [String: String] = [:], observedOrder: [String] = []
        var total = 0
        let codeField = layer == .grids ? schema?.fields.firstIndex { $0.name == "CODE" } : nil
        var uncoded: [GridNumberingStep.Pending] = []
        if layer != nil, let n = file.expectedCount {
            // Grown once instead of by doubling, each step copying every entity built so far.
            result.entities.reserveCapacity(n)
            result.extras.reserveCapacity(n)
            result.records.reserveCapacity(n)
            firstRecord.reserveCapacity(n)
        }

        while true {
            let chunk: [SourceFeature]
            do {
                chunk = try file.source.nextFeatures(upTo: options.chunkSize)
            } catch {
                throw .read(error)
            }
            if chunk.isEmpty && total > 0 { break }
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
                let columns = file.source.fieldNames ?? observedOrder
                mapping = try FieldMapping(schema: schema, available: columns, overrides: options.overrides, path: path)
                builder = EntityBuilder(schema: schema, path: path)
                report.mapping = mapping!.pairs
                report.extraColumns = mapping!.extraColumns
            }
            if chunk.isEmpty { break }

            var geometries = chunk.map(\.geometry)
            let records = chunk.map(\.recordNumber)
            for g in geometries {
                guard let g, !g.isEmpty else { report.nullGeometries += 1; continue }
                report.geometryTypes[g.typeName, default: 0] += 1
                if g.hasZ { report.withZ += 1 }
            }
            if let reprojector {
                do {
                    try reprojector.reproject(&geometries, records: records, path: path)
                } catch {
                    if !options.dryRun { throw error }
                    report.errors.append(error.description)
                    geometries = geometries.map { _ in nil }
                }
            }
            let stage = RecordStage(path: path, validation: validation, area: reprojector == nil ? nil : area, mapping: mapping,
                                    catalogue: catalogue, uncodedField: options.numberCells ? codeField : nil)
            var k = 0
            var parts = stage.outcomes(of: chunk, geometries: geometries, minimumRange: options.recordsPerTask)
            for p in parts.indices {
                for i in parts[p].indices {
                    // Moved out rather than copied: a copy retains every string of the entity.
                    var outcome = RecordOutcome()
                    swap(&outcome, &parts[p][i])
                    let record = chunk[k].recordNumber
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
                        case .built(let entity, let extra):
                            if let first = firstRecord[entity.id] {
                                throw CityImportError.duplicateID(path: path, record: record, layer: schema!.layer, id: entity.id, firstRecord: first)
                            }
                            firstRecord[entity.id] = record
                            result.entities.append(entity)
                            result.extras.append(extra)
                            result.records.append(record)
                        }
                    } catch {
                        if !options.dryRun { throw error }
                        if report.errors.count < 1000 { report.errors.append(error.description) }
                    }
                }
            }
            total += chunk.count
            report.features = total
            progress?.advance(records: total, total: file.expectedCount)
        }
        if !uncoded.isEmpty, let builder, let codeField {
            try GridNumberingStep(path: path, codeField: codeField, communityField: schema!.fields.firstIndex { $0.name == "COMMUNITY" }!)
                .number(uncoded, builder: builder, into: &result, report: &report, dryRun: options.dryRun)
        }
        progress?.finish(records: total)
        report.fields = file.declaredFields ?? observedOrder.map { ($0, observedTypes[$0]!.isEmpty ? "String" : observedTypes[$0]!) }
        report.warnings += file.source.warnings.prefix(50).map(\.description)
        if file.source.warnings.count > 50 { report.warnings.append("… \(file.source.warnings.count - 50) more warnings") }
        result.report = report
        if !options.dryRun, layer != nil, !report.invalid.isEmpty {
            throw .invalidGeometries(path: path, records: report.invalid)
        }
    }

    /// Overlaps refuse a real import; gaps are reported.
    private func checkTopology(of result: inout LayerImport) throws(CityImportError) {
        let cells = zip(result.entities, result.records).compactMap { entity, record -> (record: Int, code: String, shape: Geometry)? in
            guard case .grid(let cell) = entity else { return nil }
            return (record, cell.code.description, .multiPolygon(cell.shape))
        }
        let topology: GridTopology
        do { topology = try GridTopology(cells: cells) } catch {
            throw .badArgument(parameter: "grid topology of \(result.path)", reason: "\(error)")
        }
        result.report.overlaps = topology.overlaps
        result.report.gaps = topology.gaps
        if !topology.gaps.isEmpty {
            let largest = topology.gaps.map(\.areaSquareMeters).max()!
            result.report.warnings.append("\(topology.gaps.count) gap(s) between grid cells, the largest \(String(format: "%.1f", largest)) m²")
        }
        if !options.dryRun, !topology.overlaps.isEmpty {
            throw .overlappingCells(path: result.path, overlaps: topology.overlaps)
        }
    }
}
