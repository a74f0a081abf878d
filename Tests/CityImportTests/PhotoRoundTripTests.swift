import CityImport
import CityModel
import CityStore
import Foundation
import GeoCore
import ImageKit
import Testing
import TestSupport

/// Evidence photos leave with `export --with-photos` (a photo table and the originals) and come
/// back with the import: the same descriptions on the same shops, the same bytes in the new
/// store's photo folder, and a file that is not what its name says stops the import before
/// anything is written.
@Suite struct PhotoRoundTripTests {
    /// Shops with two photos on SF1 and one on SF2, in a store file with its photo folder.
    static func storeWithPhotos(_ dir: String) async throws -> (CityStore, PhotoLibrary, [String: [EvidencePhoto]]) {
        writeText(pointCollection(InteropTests.shops(seed: 29)), to: dir + "/storefronts.geojson")
        let store = try CityStore(database: CityDatabase.open(path: dir + "/a.sqlite"))
        try importLayer(.storefronts, dir + "/storefronts.geojson", into: store)
        let library = PhotoLibrary(folder: dir + "/a.sqlite.photos")
        var filed: [String: [EvidencePhoto]] = [:]
        var batch = WriteBatch()
        for (shop, k) in [("SF1", 0), ("SF1", 1), ("SF2", 2)] {
            let fixture = try await PhotoFixture.make(["--width", "\(900 + k)", "--lat", "31.23", "--lon", "121.47", "--taken", "2026:11:0\(k + 1) 09:00:00"])
            let r = try PhotoRenditions.make(from: fixture.bytes)
            let sha = try await fixture.sha256
            try library.put(sha, [.original: fixture.bytes, .thumbnail: r.thumbnail])
            let photo = EvidencePhoto(sha256: sha, mediaType: "image/jpeg", width: r.width, height: r.height, byteCount: fixture.bytes.count,
                                      stage: .record, takenAt: Date(timeIntervalSince1970: 1_790_000_000 + Double(k)), position: [121.47, 31.23],
                                      uploadedAt: Date(timeIntervalSince1970: 1_790_100_000), uploadedBy: "执法队员 \(k)",
                                      checks: k == 1 ? [PhotoCheck(code: .farFromPlace, message: "photo taken 340 m away", distanceMeters: 340)] : [])
            filed[shop, default: []].append(photo)
        }
        try store.read { view in
            for (shop, photos) in filed {
                var s = try view[.storefronts].feature(id: shop)!.decode(Storefront.self)
                s.photos = photos
                batch.upsert(try StoredFeature(s))
            }
        }
        try store.commit(batch)
        return (store, library, filed)
    }

    @Test func photosTravelWithTheirShops() async throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, library, filed) = try await Self.storeWithPhotos(dir)
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        let summary = try LayerExporter(provider: ProjCRSProvider()).export(.storefronts, from: store, format: .geojson,
                                                                            to: dir + "/out/storefronts.geojson", photos: library)
        #expect(summary.files.contains(dir + "/out/storefronts.photos.csv"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/out/photos").count == 3)

        let again = try CityStore(database: CityDatabase.open(path: dir + "/b.sqlite"))
        try SideTables.stagePhotos(layer: .storefronts, path: dir + "/out/storefronts.geojson", storage: again.storage)
        try importLayer(.storefronts, dir + "/out/storefronts.geojson", into: again)
        let newLibrary = PhotoLibrary(folder: dir + "/b.sqlite.photos")
        for (shop, photos) in filed {
            let back = try again.read { try $0[.storefronts].feature(id: shop)!.decode(Storefront.self) }
            #expect(back.photos == photos, "\(shop)")
            for p in photos {
                #expect(newLibrary.read(p.sha256, .original) == library.read(p.sha256, .original))
                #expect(newLibrary.contains(p.sha256))
            }
        }
        // Shops without photos came back without.
        #expect(try again.read { try $0[.storefronts].feature(id: "SF3")!.decode(Storefront.self).photos.isEmpty })
    }

    @Test func aPhotoThatIsNotItsNameStopsTheImport() async throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, library, filed) = try await Self.storeWithPhotos(dir)
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        _ = try LayerExporter(provider: ProjCRSProvider()).export(.storefronts, from: store, format: .geojson,
                                                                  to: dir + "/out/storefronts.geojson", photos: library)
        let victim = filed["SF2"]![0].sha256
        writeText("not the photo", to: dir + "/out/photos/" + victim)
        let again = try CityStore(database: CityDatabase.open(path: dir + "/c.sqlite"))
        do {
            try SideTables.stagePhotos(layer: .storefronts, path: dir + "/out/storefronts.geojson", storage: again.storage)
            Issue.record("a photo whose bytes are not its name was taken in")
        } catch {
            #expect("\(error)".contains(victim) && "\(error)".contains("SHA-256"), "\(error)")
        }
        // A photo missing altogether is named too.
        try FileManager.default.removeItem(atPath: dir + "/out/photos/" + victim)
        #expect(throws: CityImportError.self) {
            try SideTables.stagePhotos(layer: .storefronts, path: dir + "/out/storefronts.geojson", storage: again.storage)
        }
        #expect(try again.storedCount(.storefronts) == 0)
    }
}
