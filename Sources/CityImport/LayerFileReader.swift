import CityModel
import CityStore
import Foundation
import GeoCore
import GeoIO

/// Reads a layer file into entities, in chunks: each chunk is reprojected in one PROJ array call,
/// checked by GEOS, built into entities and validated; nothing touches the store here. A real
/// import stops at the first bad record (with its number and field); a dry run collects them.
public struct LayerFileReader {
    public let provider: any CRSProvider
    public let options: ImportOptions

    public init(provider: any CRSProvider, options: ImportOptions = ImportOptions()) {
        self.provider = provider
        self.options = options
    }

    /// Reads and builds the whole layer, side tables included.
    public func read(layer: Layer, path: String, progress: (any ImportProgress)? = nil) throws(CityImportError) -> LayerContents {
        var result = LayerContents(layer: layer, path: path, report: ImportReport(path: path, layer: layer))
        try scan(path: path, layer: layer, into: &result, progress: progress)
        if layer == .grids { try checkTopology(of: &result) }
        if !options.dryRun || result.report.errors.isEmpty {
            do {
                try SideTables(path: path, layer: layer).apply(to: &result)
            } catch {
                if !options.dryRun { throw error }
                result.report.errors.append(error.description)
            }
        }
        return result
    }

    /// `--check LAYER FILE`: what `read` reports in a dry run, without holding the layer: each
    /// entity is checked, its side-table rows applied, and let go, so a file larger than memory
    /// can be checked too (only the ids are kept, to find duplicates). Grid layers are read whole:
    /// overlaps and numbering need every cell.
    public func check(layer: Layer, path: String, progress: (any ImportProgress)? = nil) throws(CityImportError) -> ImportReport {
        guard options.dryRun, layer != .grids else { return try read(layer: layer, path: path, progress: progress).report }
        var result = LayerContents(layer: layer, path: path, report: ImportReport(path: path, layer: layer))
        var sideTable: PreparedSideTable?, sideTableError: CityImportError?
        do { sideTable = try SideTables(path: path, layer: layer).prepared() } catch { sideTableError = error }
        var matched = Set<String>(), dossierRecords = 0, transitions = 0
        try scan(path: path, layer: layer, into: &result, progress: progress) { entity throws(CityImportError) in
            guard let sideTable else { return }
            var entity = entity
            let rows = try sideTable.apply(to: &entity)
            if rows.matched { matched.insert(entity.id) }
            dossierRecords += rows.dossierRecords.count
            transitions += rows.transitions.count
        }
        // As `read`: side tables count only for a layer whose records are sound.
        guard result.report.errors.isEmpty else { return result.report }
        if let error = sideTableError ?? sideTable?.unmatched(matched) {
            result.report.errors.append(error.description)
        } else {
            result.report.dossierRecords = dossierRecords
            result.report.caseTransitions = transitions
        }
        return result.report
    }

    /// `--check` without a layer: the file's figures only.
    public func check(path: String, progress: (any ImportProgress)? = nil) throws(CityImportError) -> ImportReport {
        var result = LayerContents(layer: nil, path: path, report: ImportReport(path: path, layer: nil))
        try scan(path: path, layer: nil, into: &result, progress: progress)
        return result.report
    }

    /// Reads the file into `result`; with `checking`, each entity goes to it instead of being kept.
    private func scan(path: String, layer: Layer?, into result: inout LayerContents, progress: (any ImportProgress)?,
                      checking: ((LayerEntity) throws(CityImportError) -> Void)? = nil) throws(CityImportError) {
        let scan = try ChunkedLayerRead(path: path, layer: layer, options: options, provider: provider)
        var firstRecord: [String: Int] = [:]
        var uncoded: [GridNumberingStep.Pending] = []
        if layer != nil, checking == nil, let n = scan.file.expectedCount {
            // Grown once instead of by doubling, each step copying every entity built so far.
            result.entities.reserveCapacity(n)
            result.extras.reserveCapacity(n)
            result.records.reserveCapacity(n)
            firstRecord.reserveCapacity(n)
        }
        while let chunk = try scan.nextChunk() {
            var scanned = scan.process(chunk, minimumRange: options.recordsPerTask)
            try scan.merge(&scanned, uncoded: &uncoded) { entity, extra, record throws(CityImportError) in
                if let first = firstRecord[entity.id] {
                    throw .duplicateID(path: path, record: record, layer: layer!, id: entity.id, firstRecord: first)
                }
                firstRecord[entity.id] = record
                if let checking { return try checking(entity) }
                result.entities.append(entity)
                result.extras.append(extra)
                result.records.append(record)
            }
            progress?.advance(records: scan.report.features, total: scan.file.expectedCount)
        }
        var report = scan.finishedReport()
        if !uncoded.isEmpty, let schema = scan.schema, let codeField = scan.codeField {
            try GridNumberingStep(path: path, codeField: codeField, communityField: schema.fields.firstIndex { $0.name == "COMMUNITY" }!)
                .number(uncoded, builder: EntityBuilder(schema: schema, path: path), into: &result, report: &report, dryRun: options.dryRun)
        }
        progress?.finish(records: report.features)
        result.report = report
        if !options.dryRun, layer != nil, !report.invalid.isEmpty {
            throw .invalidGeometries(path: path, records: report.invalid)
        }
    }

    /// Overlaps refuse a real import; gaps are reported.
    private func checkTopology(of result: inout LayerContents) throws(CityImportError) {
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
