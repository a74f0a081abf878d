import CityModel
import Foundation
import GeoCore
import GeoIO

/// The open layer files and side tables of a run; each district is appended as it is built.
final class LayerOutput {
    private let sinks: [String: LayerSink]
    private let storefrontRecords: SideTable
    private let structureRecords: SideTable
    private let caseHistory: SideTable
    private var written: [String: Int] = [:]

    init(options: GenerationOptions, conversion: CRSConversion) throws(DistrictGeneratorError) {
        let stamp = (options.asOf.year, options.asOf.month, options.asOf.day)
        var sinks: [String: LayerSink] = [:]
        for schema in LayerSchema.all {
            sinks[schema.layer] = try LayerSink(schema: schema, directory: options.outputDirectory, format: options.format,
                                                toLonLat: conversion, stamp: stamp)
        }
        self.sinks = sinks
        func table(_ name: String, _ columns: [String]) throws(DistrictGeneratorError) -> SideTable {
            try SideTable(path: (options.outputDirectory as NSString).appendingPathComponent(name), columns: columns)
        }
        storefrontRecords = try table("storefronts.records.csv", LayerSchema.recordColumns)
        structureRecords = try table("structures.records.csv", LayerSchema.recordColumns)
        caseHistory = try table("cases.history.csv", LayerSchema.historyColumns)
    }

    /// Records per file, in schema order, then the side tables.
    var counts: [(file: String, records: Int)] {
        LayerSchema.all.map { (sinks[$0.layer]!.path.split(separator: "/").last.map(String.init) ?? $0.layer, written[$0.layer] ?? 0) }
            + [("storefronts.records.csv", storefrontRecords.rowCount), ("structures.records.csv", structureRecords.rowCount),
               ("cases.history.csv", caseHistory.rowCount)]
    }

    private func put(_ layer: String, _ geometry: Geometry, _ values: [DBFValue]) throws(DistrictGeneratorError) {
        try sinks[layer]!.write(geometry, values)
        written[layer, default: 0] += 1
    }

    func write(_ d: DistrictBuild) throws(DistrictGeneratorError) {
        for c in d.cells {
            try put("grids", c.shape.polygons.count == 1 ? .polygon(c.shape.polygons[0]) : .multiPolygon(c.shape), [.string(c.code.description), .string(c.subDistrictName),
                                                     .string(c.communityName), .string(c.officer ?? "")])
        }
        for p in d.layout.parcels {
            try put("parcels", .polygon(p.polygon), [.string(p.number), .string(p.landUse.rawValue), .string(p.holder ?? "")])
        }
        for w in d.layout.ways {
            try put("roads", .lineString(w.line), [.string(w.id), .string(w.name), .string(w.highway), .string(w.oneway),
                                                  .string(w.bridge ? "yes" : ""), .string(w.tunnel ? "yes" : ""), w.layer.map(DBFValue.integer) ?? .null])
        }
        let chiefs = Dictionary(uniqueKeysWithValues: d.chiefs.map { ($0.id, $0) })
        for s in d.segments {
            let chief = s.chiefID.flatMap { chiefs[$0] }
            try put("segments", .lineString(s.centreline), [.string(s.id), .string(s.roadName), .string(s.roadClass.rawValue),
                                                           .string(chief?.id ?? ""), .string(chief?.name ?? ""),
                                                           .string(chief?.unit ?? ""), .string(chief?.phone ?? "")])
        }
        for r in d.layout.redLines {
            try put("redlines", .polygon(r.polygon), [.string(r.id), .string(r.roadName), .double(r.widthMeters)])
        }
        for s in d.storefronts {
            let flags = StorefrontFlag.allCases.filter { s.flags.contains($0) }.map(\.rawValue).joined(separator: ",")
            try put("storefronts", .point(s.point), [.string(s.id), .string(s.name), .string(s.address), .string(s.licenceNumber ?? ""),
                                                    .string(s.licenceStatus.rawValue), .string(s.trade), .string(flags)])
            for r in s.records { try record(storefrontRecords, s.id, r) }
        }
        for s in d.structures {
            let (status, day): (String, String) = switch s.status {
            case .identified: ("identified", "")
            case .notified: ("notified", "")
            case .demolished(let date): ("demolished", ShanghaiTime.day(Int(date.timeIntervalSince1970)))
            }
            try put("structures", .polygon(s.footprint), [.string(s.id), .string(s.holder), .string(s.address), .string(status), .string(day)])
            for r in s.history { try record(structureRecords, s.id, r) }
        }
        for (c, steps) in zip(d.cases, d.caseSteps) {
            try put("cases", .point(c.point), [.string(c.id), .string(c.typeCode), .string(c.source.rawValue), .string(c.description),
                                              .string(c.storefrontID ?? ""), .string(c.structureID ?? ""),
                                              .string(ShanghaiTime.iso(Int(c.reportedAt.timeIntervalSince1970)))])
            for s in steps {
                try caseHistory.row([c.id, ShanghaiTime.iso(s.at), s.actor, s.event.kind.rawValue, s.event.flatArgument, s.note])
            }
        }
        for o in d.officers {
            try put("officers", .point(o.base), [.string(o.id), .string(o.name), .string(o.team), .string(o.mode.rawValue),
                                                .string(o.onDuty ? "yes" : "no"), .string(o.phone ?? ""), .string(o.accountID ?? "")])
        }
    }

    private func record(_ table: SideTable, _ id: String, _ r: DossierRecord) throws(DistrictGeneratorError) {
        try table.row([id, r.kind.rawValue, ShanghaiTime.iso(Int(r.date.timeIntervalSince1970)), r.officer, r.note,
                       r.attachments.joined(separator: ";")])
    }

    func finish() throws(DistrictGeneratorError) {
        for schema in LayerSchema.all { try sinks[schema.layer]!.finish() }
        try storefrontRecords.finish()
        try structureRecords.finish()
        try caseHistory.finish()
    }

    func cancel() {
        for schema in LayerSchema.all { sinks[schema.layer]!.cancel() }
    }
}
