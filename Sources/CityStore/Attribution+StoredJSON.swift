import CityModel

extension Attribution {
    /// The attribution's stored JSON written member by member in sorted-key order, as Foundation's
    /// JSONEncoder writes it (absent optionals left out). Every imported shop, structure and case
    /// carries one, and the generic encoder's keyed containers cost more than all the shop's own
    /// members. The encoding tests hold the bytes to Foundation's on the sample district.
    func writeStoredJSON(to out: inout [UInt8]) throws {
        var o = ObjectWriter(&out)
        o.text("community", community, &out)
        o.text("gridCode", gridCode?.description, &out)
        o.text("parcelNumber", parcelNumber, &out)
        if let redLine {
            o.key("redLine", &out)
            var r = ObjectWriter(&out)
            r.text("redLineID", redLine.redLineID, &out)
            r.text("roadName", redLine.roadName, &out)
            try r.number("signedDistanceMeters", redLine.signedDistanceMeters, &out)
            try r.number("toleranceMeters", redLine.toleranceMeters, &out)
            r.text("verdict", redLine.verdict.rawValue, &out)
            r.close(&out)
        }
        if let segment {
            o.key("segment", &out)
            var s = ObjectWriter(&out)
            s.text("chiefID", segment.chiefID, &out)
            try s.number("distanceMeters", segment.distanceMeters, &out)
            s.text("roadName", segment.roadName, &out)
            s.text("segmentID", segment.segmentID, &out)
            s.close(&out)
        }
        o.text("subDistrict", subDistrict, &out)
        o.key("zoneVersions", &out)
        var v = ObjectWriter(&out)
        v.text("grids", zoneVersions.grids, &out)
        v.text("parcels", zoneVersions.parcels, &out)
        v.text("redLines", zoneVersions.redLines, &out)
        v.text("segments", zoneVersions.segments, &out)
        v.close(&out)
        o.close(&out)
    }
}
