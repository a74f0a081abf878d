import CityModel
import CityStore
import GeoCore

extension Locator {
    /// Attributes a case to where it lies, as of `view` (the import pipeline's attribution step and
    /// `report` share this), keeping the zone versions it was computed on.
    public func attribute(_ c: inout ViolationCase, in view: CityView) throws {
        let location = try locate(working: c.point, in: view)
        c.attribution = location.attribution(zoneVersions: zoneVersions(of: location, in: view))
    }

    /// Attributes a storefront at its point.
    public func attribute(_ shop: inout Storefront, in view: CityView) throws {
        let location = try locate(working: shop.point, in: view)
        shop.attribution = location.attribution(zoneVersions: zoneVersions(of: location, in: view))
    }

    /// Attributes a structure at a point of its footprint (its vertex average, inside the footprint).
    public func attribute(_ structure: inout IllegalStructure, in view: CityView) throws {
        guard let at = Geometry.polygon(structure.footprint).representativePoint else { return }
        let location = try locate(working: at, in: view)
        structure.attribution = location.attribution(zoneVersions: zoneVersions(of: location, in: view))
    }

    /// Attributes an officer at the team's station: where the officer belongs, not where the
    /// last fix happens to be (an officer of 豫园 crossing into 南京东路 still answers to 豫园).
    public func attribute(_ officer: inout Officer, in view: CityView) throws {
        let location = try locate(working: officer.base, in: view)
        officer.attribution = location.attribution(zoneVersions: zoneVersions(of: location, in: view))
    }

    /// The versions (import runs) of the zones a location was computed on.
    public func zoneVersions(of location: LocateResult, in view: CityView) -> ZoneVersions {
        ZoneVersions(
            grids: location.cell.flatMap { view[.grids].feature(id: $0.code) }.map { "\($0.zoneVersion)" },
            parcels: location.parcel.flatMap { view[.parcels].feature(id: $0.number) }.map { "\($0.zoneVersion)" },
            segments: location.segment.flatMap { view[.segments].feature(id: $0.id) }.map { "\($0.zoneVersion)" },
            redLines: location.redLine.flatMap { view[.redlines].feature(id: $0.id) }.map { "\($0.zoneVersion)" })
    }

}
