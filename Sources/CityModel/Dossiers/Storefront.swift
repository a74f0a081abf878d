import Foundation
import GeoCore

public enum LicenceStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case licensed, unlicensed, expired

    public var labelZH: String {
        switch self {
        case .licensed: "有证照"
        case .unlicensed: "无证无照"
        case .expired: "证照过期"
        }
    }
}

/// Facts about a shop that enforcement follows up.
public enum StorefrontFlag: String, CaseIterable, Hashable, Sendable, Codable {
    /// 破墙开店: the shop front was opened by breaking a residential wall.
    case wallBreaking
    /// 跨门营业 / 店外经营: trading spills out of the door onto the pavement.
    case outsideTrading
    /// 违规店招: a shop sign without permit or beyond the approved size.
    case illegalSignboard
    /// 油烟扰民: cooking fumes or noise that neighbours complain of.
    case nuisance
    /// 门责: the shop has signed the doorstep-responsibility pledge (门前责任区).
    case doorstepPledgeSigned

    public var labelZH: String {
        switch self {
        case .wallBreaking: "破墙开店"
        case .outsideTrading: "跨门营业"
        case .illegalSignboard: "违规店招"
        case .nuisance: "油烟噪声扰民"
        case .doorstepPledgeSigned: "已签门责"
        }
    }
}

/// A shop with its dossier (一店一档): licence, flags and an append-only history of records.
public struct Storefront: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var address: String
    public var licenceNumber: String?
    public var licenceStatus: LicenceStatus
    /// The trade (业态), e.g. 餐饮, 便利店, 五金.
    public var trade: String
    @GeoJSONCoded public var point: Point
    @GeoJSONCoded public var footprint: Polygon?
    public var flags: Set<StorefrontFlag>
    public private(set) var records: [DossierRecord]
    /// Where the shop was attributed when it was filed (cell, parcel, segment and chief, red line).
    public var attribution: Attribution?
    /// Photos filed with the dossier, with their location checks.
    @EvidencePhotos public var photos: [EvidencePhoto] = []

    public init(id: String, name: String, address: String, licenceNumber: String? = nil,
                licenceStatus: LicenceStatus, trade: String, point: Point, footprint: Polygon? = nil,
                flags: Set<StorefrontFlag> = [], records: [DossierRecord] = []) {
        self.id = id
        self.name = name
        self.address = address
        self.licenceNumber = licenceNumber
        self.licenceStatus = licenceStatus
        self.trade = trade
        self._point = GeoJSONCoded(wrappedValue: point)
        self._footprint = GeoJSONCoded(wrappedValue: footprint)
        self.flags = flags
        self.records = records
    }

    /// Appends a dossier record; throws `outOfOrderRecord` if it is dated before the last one.
    public mutating func append(_ record: DossierRecord) throws {
        try appendRecord(record, to: &records, entity: "Storefront", id: id)
    }

    public func validate() throws {
        let check = EntityCheck(entity: "Storefront", id: id)
        try check.nonEmpty(id, "id")
        try check.nonEmpty(name, "name")
        try check.nonEmpty(address, "address")
        try check.nonEmpty(trade, "trade")
        if let licenceNumber, let problem = BusinessLicence.problem(with: licenceNumber) {
            throw check.failure("licenceNumber", problem)
        }
        if licenceStatus != .unlicensed, licenceNumber == nil {
            throw check.failure("licenceNumber", "is missing; a \(licenceStatus.rawValue) shop has a licence number")
        }
        try check.point(point, "point")
        if let footprint { try check.polygon(footprint, "footprint") }
        try validateHistory(records, check, field: "records")
    }
}

extension Storefront: JSONMembers {
    /// The shop's JSON members, the one list both `encode(to:)` and the store's encoder write
    /// (imports write a million shops). The synthesised encoding but for `flags`, written in a
    /// fixed order (their declaration's) rather than the set's, which changes from one process to
    /// the next: the same shop is then stored, compared and served (ETags) as the same text.
    /// Enumerations as their raw values, which is how they encode. In key order (`JSONMembers`);
    /// decoding stays synthesised.
    public func members<W: JSONMemberWriter>(_ w: inout W) throws {
        try w.member("address", address)
        try w.member("attribution", ifPresent: attribution)
        try w.member("flags", orderedFlags.map(\.rawValue))
        try w.member("footprint", _footprint)
        try w.member("id", id)
        try w.member("licenceNumber", ifPresent: licenceNumber)
        try w.member("licenceStatus", licenceStatus.rawValue)
        try w.member("name", name)
        try w.member("photos", ifPresent: photos.isEmpty ? nil : photos)
        try w.member("point", _point)
        try w.member("records", records)
        try w.member("trade", trade)
    }

    public func encode(to encoder: any Encoder) throws { try encodeMembers(to: encoder) }

    /// The flags in the order `StorefrontFlag` declares them.
    public var orderedFlags: [StorefrontFlag] { StorefrontFlag.allCases.filter(flags.contains) }
}
