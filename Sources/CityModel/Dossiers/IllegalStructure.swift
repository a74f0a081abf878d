import Foundation
import GeoCore

/// Where an illegal structure stands in the demolition process.
public enum StructureStatus: Hashable, Sendable {
    /// 排摸认定: found and put on record.
    case identified
    /// 告知: the household has been served notice.
    case notified
    /// 拆除: demolished on the given day.
    case demolished(Date)

    public var labelZH: String {
        switch self {
        case .identified: "已认定"
        case .notified: "已告知"
        case .demolished: "已拆除"
        }
    }
}

/// An illegal structure with its household dossier (一户一档).
public struct IllegalStructure: Hashable, Sendable, Codable {
    public var id: String
    /// The household or holder responsible (户主 / 当事人).
    public var holder: String
    public var address: String
    /// In the deployment's metric CRS, so the area is in m².
    @GeoJSONCoded public var footprint: Polygon
    public var status: StructureStatus
    public private(set) var history: [DossierRecord]
    /// Where the structure was attributed when it was filed (cell, parcel, segment and chief).
    public var attribution: Attribution?
    /// Photos filed with the dossier, with their location checks.
    @EvidencePhotos public var photos: [EvidencePhoto] = []

    public init(id: String, holder: String, address: String, footprint: Polygon,
                status: StructureStatus = .identified, history: [DossierRecord] = []) {
        self.id = id
        self.holder = holder
        self.address = address
        self._footprint = GeoJSONCoded(wrappedValue: footprint)
        self.status = status
        self.history = history
    }

    /// Planar footprint area in m² (the article's 13,300 m² over 1,671 households is this, summed).
    public var areaSquareMeters: Double { footprint.area }

    /// Appends a dossier record; throws `outOfOrderRecord` if it is dated before the last one.
    public mutating func append(_ record: DossierRecord) throws {
        try appendRecord(record, to: &history, entity: "IllegalStructure", id: id)
    }

    public func validate() throws {
        let check = EntityCheck(entity: "IllegalStructure", id: id)
        try check.nonEmpty(id, "id")
        try check.nonEmpty(holder, "holder")
        try check.nonEmpty(address, "address")
        try check.polygon(footprint, "footprint")
        if case .demolished(let date) = status {
            try check.finite(date.timeIntervalSinceReferenceDate, "status.demolished")
        }
        try validateHistory(history, check, field: "history")
    }
}
