import CityModel
import GeoCore
import GeoIO

/// What the per-record work made of one record, before anything depends on the records before
/// it (duplicate ids, the report's counts and caps): merged into the import in record order.
struct RecordOutcome {
    enum Product {
        /// Nothing to build: the geometry is invalid, or the scan has no layer.
        case none
        /// A grid cell without a code, left for `GridNumberingStep`.
        case uncoded(GridNumberingStep.Pending)
        case built(LayerEntity, extra: [String: String])
        case failed(CityImportError)
    }

    var repaired: InvalidGeometry?
    var invalid: InvalidGeometry?
    /// Outside the deployment area (checked only when the geometries were reprojected).
    var outside = false
    var product = Product.none
}

/// The work done on each record of a chunk once its geometries are in the working CRS: GEOS
/// validity (and repair), the deployment-area check, field mapping, entity building with the
/// entity's own validation, and the case-type lookup. None of it depends on another record, so
/// a chunk is spread over all cores; the caller merges the outcomes in record order.
struct RecordStage {
    let path: String
    let validation: GeometryValidation
    /// nil when the geometries were not reprojected (no CRS), so there is no area to check.
    let area: DeploymentArea?
    /// nil for `--check` without a layer: records are counted and their geometry checked only.
    let mapping: FieldMapping?
    let catalogue: CaseTypeCatalogue?
    /// The CODE field when `--number-cells` lets grid cells come without one.
    let uncodedField: Int?

    /// The outcomes of `features` (their reprojected geometries alongside), in order.
    func outcomes(of features: [SourceFeature], geometries: [Geometry?], minimumRange: Int = 512) -> [[RecordOutcome]] {
        ParallelRanges.map(count: features.count, minimumRange: minimumRange) { range in
            // A builder per range: its date formatters (ICU underneath) are not for sharing.
            let builder = mapping.map { EntityBuilder(schema: $0.schema, path: path) }
            return range.map { outcome(of: features[$0], geometry: geometries[$0], builder: builder) }
        }
    }

    func outcome(of feature: SourceFeature, geometry: Geometry?, builder: EntityBuilder?) -> RecordOutcome {
        var result = RecordOutcome()
        var geometry = geometry
        if let g = geometry, !g.isEmpty {
            switch validation.check(g) {
            case .valid: break
            case .repaired(let fixed, let reason):
                result.repaired = InvalidGeometry(record: feature.recordNumber, reason: reason)
                geometry = fixed
            case .invalid(let reason):
                result.invalid = InvalidGeometry(record: feature.recordNumber, reason: reason)
                return result
            }
            if let area, !area.contains(geometry!) { result.outside = true }
        }
        guard let mapping, let builder else { return result }
        let (texts, extra) = mapping.values(of: feature)
        if let uncodedField, texts[uncodedField] == nil {
            result.product = .uncoded((feature.recordNumber, texts, extra, geometry))
            return result
        }
        do throws(CityImportError) {
            let entity = try builder.build(record: feature.recordNumber, texts: texts, extra: extra, geometry: geometry)
            if case .violationCase(let c) = entity, let catalogue, catalogue.caseType(code: c.typeCode) == nil {
                throw CityImportError.badRecord(path: path, record: feature.recordNumber, field: "TYPE",
                                                reason: "case type \(c.typeCode) is not in the case-type catalogue")
            }
            result.product = .built(entity, extra: extra)
        } catch {
            result.product = .failed(error)
        }
        return result
    }
}
