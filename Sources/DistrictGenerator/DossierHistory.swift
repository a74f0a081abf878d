import GeoCore
import CityModel

/// Dossier records (一店一档, 一户一档): a survey first, then inspections and what they led to,
/// dated in order up to the run's "as of" instant during working hours.
enum DossierHistory {
    static let shopKinds: [(DossierRecordKind, Double)] = [
        (.inspection, 55), (.warning, 8), (.rectification, 8), (.notice, 6), (.talk, 4), (.penalty, 3),
        (.licenceChange, 3), (.sealing, 2), (.other, 5),
    ]

    static func storefront(id: String, status: LicenceStatus, flags: Set<StorefrontFlag>, count: Int, asOf: Int,
                           officers: [String], random: inout SplitMix64) -> [DossierRecord] {
        let first = ShanghaiTime.seconds(2019, 1, 1) + random.int(in: 0...(5 * 365 * 86400))
        var kinds: [DossierRecordKind] = [.survey]
        let weights = shopKinds.map { kind, weight -> Double in
            switch kind {
            case .licenceChange: status == .unlicensed ? 0 : weight
            case .sealing: flags.contains(.wallBreaking) ? weight * 3 : 0
            default: weight
            }
        }
        for _ in 1..<max(1, count) { kinds.append(shopKinds[random.weightedIndex(weights)].0) }
        return dated(kinds, id: id, from: first, to: asOf, officers: officers, random: &random)
    }

    static func structure(id: String, status: StructureStatus, asOf: Int, officers: [String], random: inout SplitMix64) -> [DossierRecord] {
        var kinds: [DossierRecordKind] = [.survey]
        for _ in 0..<random.int(in: 0...3) { kinds.append(.inspection) }
        switch status {
        case .identified: break
        case .notified: kinds += [.notice, .talk]
        case .demolished: kinds += [.notice, .demolition]
        }
        let first = asOf - random.int(in: 60...720) * 86400
        return dated(kinds, id: id, from: first, to: asOf, officers: officers, random: &random)
    }

    /// Records of the given kinds, in that order, on sorted random days between `from` and `to`,
    /// each during working hours (09:00–17:00).
    static func dated(_ kinds: [DossierRecordKind], id: String, from: Int, to: Int, officers: [String],
                      random: inout SplitMix64) -> [DossierRecord] {
        let days = (to - from) / 86400
        var offsets = (0..<kinds.count).map { _ in random.int(in: 0...max(0, days - 1)) }
        offsets.sort()
        let startDay = from - ((from + ShanghaiTime.offset) % 86400)
        var records: [DossierRecord] = []
        var last = Int.min
        for (k, kind) in kinds.enumerated() {
            var t = startDay + offsets[k] * 86400 + 9 * 3600 + random.int(in: 0...(8 * 3600 - 60)) / 60 * 60
            t = min(max(t, last), to)
            last = t
            let note = random.element(of: NameBank.recordNotes[kind.rawValue] ?? ["记录"])
            var attachments: [String] = []
            if kind != .inspection || random.chance(0.3) {
                attachments.append("IMG\(ShanghaiTime.day(t).replacingOccurrences(of: "-", with: ""))-\(k + 1).jpg")
            }
            if kind == .penalty || kind == .notice { attachments.append("文书\(k + 1)") }
            records.append(DossierRecord(kind: kind, date: ShanghaiTime.date(t), officer: random.element(of: officers),
                                         note: note, attachments: attachments))
        }
        return records
    }
}
