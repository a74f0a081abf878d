import CityImport
import CityModel
import CityQuery
import CityStore
import Foundation
import GeoCore
import Testing

/// `citygrid import` streams a layer from its file into the transaction; `citygrid load` (and the
/// sample district the server starts with) reads layers whole. On the shipped sample district,
/// with its dossier and case-history side tables and attribution against its zones, both must
/// store the same entities, side rows and audit trail, whatever the chunk size.
@Suite(.serialized) struct StreamingImportTests {
    static let directory: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("geodata/sample").path
    }()

    static let attribution: AttributionStep = {
        let locator = Locator()
        return AttributionStep(storefront: { s, view in try locator.attribute(&s, in: view) },
                               structure: { s, view in try locator.attribute(&s, in: view) },
                               violationCase: { c, view in try locator.attribute(&c, in: view) })
    }()

    static let pointLayers: [Layer] = [.storefronts, .structures, .cases]

    /// A store with the sample's zone layers only.
    static func zones() throws -> CityStore {
        let store = try CityStore(database: .inMemory())
        var imports = try DirectoryLoader.layerFiles(in: directory).filter { !pointLayers.contains($0.layer) }.map {
            try LayerFileReader(provider: ProjCRSProvider()).read(layer: $0.layer, path: $0.path)
        }
        try DirectoryLoader.commit(&imports, into: store, attribution: nil)
        return store
    }

    static func path(_ layer: Layer) -> String { directory + "/\(layer.rawValue).shp" }

    @Test(arguments: [97]) func streamedAndWholeImportsStoreTheSame(chunk: Int) throws {
        let streamed = try Self.zones(), whole = try Self.zones()
        let options = ImportOptions(chunkSize: chunk)
        for layer in Self.pointLayers {
            let report = try StreamingImport(importer: LayerFileReader(provider: ProjCRSProvider(), options: options))
                .run(layer: layer, path: Self.path(layer), into: streamed, attribution: Self.attribution)
            var imports = [try LayerFileReader(provider: ProjCRSProvider(), options: options).read(layer: layer, path: Self.path(layer))]
            try DirectoryLoader.commit(&imports, into: whole, attribution: Self.attribution)
            let expected = imports[0].report
            #expect(report.features == expected.features && report.features > 0)
            #expect(report.geometryTypes == expected.geometryTypes)
            #expect(report.dossierRecords == expected.dossierRecords)
            #expect(report.caseTransitions == expected.caseTransitions)
            #expect(report.mapping.map(\.field) == expected.mapping.map(\.field))
            #expect(report.mapping.map(\.column) == expected.mapping.map(\.column))
        }
        for layer in Self.pointLayers {
            let a = try Self.contents(of: layer, in: streamed), b = try Self.contents(of: layer, in: whole)
            #expect(a.count == b.count && !a.isEmpty)
            for (id, feature) in b {
                #expect(a[id] == feature, "\(layer.rawValue)/\(id)")
            }
        }
        // Attribution ran: the shops name their grid cells.
        let attributed = try Self.contents(of: .storefronts, in: streamed).values.filter { $0.properties["attribution"]?["gridCode"] != nil }
        #expect(attributed.count > 100)
        let caseIDs = streamed.read { Array($0[.cases].features.values.map(\.id)) }
        #expect(try caseIDs.allSatisfy { try streamed.transitions(caseID: $0) == whole.transitions(caseID: $0) })
        #expect(try streamed.transitionCount() == whole.transitionCount())
        let shopIDs = streamed.read { Array($0[.storefronts].features.values.map(\.id)) }
        #expect(try shopIDs.allSatisfy { try streamed.dossier(layer: .storefronts, entityID: $0) == whole.dossier(layer: .storefronts, entityID: $0) })
        #expect(try streamed.lastImportRun() == whole.lastImportRun())
    }

    /// `citygrid load` (and the sample the server starts with) streams the point layers in the
    /// same batch as the zones they are attributed against: the store it leaves is the one reading
    /// every layer whole gives.
    @Test func aLoadedFolderIsTheSameAsOneReadWhole() throws {
        let loaded = try CityStore(database: .inMemory()), whole = try CityStore(database: .inMemory())
        let options = ImportOptions(chunkSize: 211)
        let reports = try DirectoryLoader(importer: LayerFileReader(provider: ProjCRSProvider(), options: options))
            .load(directory: Self.directory, into: loaded, attribution: Self.attribution)
        var imports = try DirectoryLoader.layerFiles(in: Self.directory).map {
            try LayerFileReader(provider: ProjCRSProvider(), options: options).read(layer: $0.layer, path: $0.path)
        }
        try DirectoryLoader.commit(&imports, into: whole, attribution: Self.attribution)
        #expect(reports.map(\.layer) == imports.map(\.layer))
        #expect(reports.map(\.features) == imports.map(\.report.features))
        #expect(reports.map(\.caseTransitions) == imports.map(\.report.caseTransitions))
        #expect(reports.map(\.dossierRecords) == imports.map(\.report.dossierRecords))
        for layer in Layer.allCases {
            let a = try Self.contents(of: layer, in: loaded), b = try Self.contents(of: layer, in: whole)
            #expect(a.count == b.count, "\(layer.rawValue)")
            for (id, feature) in b where a[id] != feature {
                Issue.record("\(layer.rawValue)/\(id) differs")
            }
        }
        #expect(try loaded.transitionCount() == whole.transitionCount())
        #expect(try loaded.lastImportRun() == whole.lastImportRun())
    }

    /// `--check LAYER FILE` checks each entity and lets it go; its report (side-table rows
    /// counted, case histories replayed) is the one a dry run holding the layer gives.
    @Test func aCheckWithoutTheLayerInMemoryReportsTheSame() throws {
        let importer = LayerFileReader(provider: ProjCRSProvider(), options: ImportOptions(chunkSize: 97, dryRun: true))
        for layer in Self.pointLayers {
            let checked = try importer.check(layer: layer, path: Self.path(layer))
            let read = try importer.read(layer: layer, path: Self.path(layer)).report
            #expect(checked.json == read.json, "\(layer.rawValue)")
            #expect(checked.features > 0 && checked.errors.isEmpty)
        }
        #expect(try importer.check(layer: .storefronts, path: Self.path(.storefronts)).dossierRecords > 1000)
        #expect(try importer.check(layer: .cases, path: Self.path(.cases)).caseTransitions > 1000)
    }

    struct Contents: Equatable {
        var geometry: Geometry?
        var properties: JSONValue
        var category: String?
        var status: String?
        var zoneVersion: Int
    }

    /// Every feature of a layer, its properties parsed (key order aside, they must agree).
    static func contents(of layer: Layer, in store: CityStore) throws -> [String: Contents] {
        let features = store.read { Array($0[layer].features.values) }
        var out: [String: Contents] = [:]
        for f in features {
            out[f.id] = Contents(geometry: f.geometry, properties: try JSONValue(parsing: String(decoding: f.properties, as: UTF8.self)),
                                 category: f.category, status: f.status, zoneVersion: f.zoneVersion)
        }
        return out
    }
}
