import ArgumentParser
import CityModel
import CityQuery
import CityStore
import Foundation
import GeoCore

/// `citygrid query …`: the same questions the server answers, on the same store.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Ask the store: locate, grid, segment, chief, nearest, window, dossier, figures.",
        subcommands: [Locate.self, Grid.self, Segment.self, Chief.self, Nearest.self, Window.self, Search.self, DossierQuery.self, Figures.self])

    struct PointOptions: ParsableArguments {
        @Argument(help: "Longitude (or x with --crs working).") var lon: Double
        @Argument(help: "Latitude (or y with --crs working).") var lat: Double
        @Option(help: "wgs84 (default), gcj02, bd09 or working.") var crs: String = "wgs84"

        func input() throws -> (Point, InputCRS) {
            do { return (Point(x: lon, y: lat), try InputCRS(parameter: crs, name: "--crs")) } catch {
                throw ValidationError("\(error)")
            }
        }
    }

    struct Locate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Grid cell, parcel, road-chief segment and red-line verdict of a point.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var point: PointOptions
        @Flag(help: "One JSON object on standard output.") var json = false

        func run() throws {
            let (p, crs) = try point.input()
            let r = try store.queries().locate(p, crs: crs)
            if json { return try Output.json(r) }
            Output.table(["what", "answer"], [
                ["grid cell 网格", r.cell.map { "\($0.code) \($0.subDistrict) \($0.community) 网格员 \($0.officer ?? "—")" } ?? "—"],
                ["parcel 宗地", r.parcel.map { "\($0.number) (\($0.landUse))" } ?? "—"],
                ["segment 路段", r.segment.map { "\($0.id) \($0.roadName), \(String(format: "%.1f", $0.distanceMeters)) m" } ?? "—"],
                ["road chief 路长", r.segment?.chief.map { "\($0.name) \($0.unit) \($0.phone)" } ?? "—"],
                ["red line 红线", r.redLine.map { "\($0.roadName) \(String(format: "%+.1f", $0.signedDistanceMeters)) m" } ?? "—"],
                ["verdict 判定", "\(r.redLineVerdict.labelZH) (\(r.redLineVerdict.rawValue))"],
                ["construction waste 建筑垃圾", "\(r.constructionWasteLiability.labelZH) (\(r.constructionWasteLiability.rawValue))"],
            ])
        }
    }

    struct Grid: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A grid cell's figures and members.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Grid code, e.g. 310101-002-001-0001.") var code: String
        @OptionGroup var asOf: AsOfOption
        @Flag(help: "JSON on standard output.") var json = false

        func run() throws {
            let report = try store.queries().grid(code: code, asOf: try asOf.instant())
            if json {
                return try Output.json(["cell": AnyEncodable(report.cell), "figures": AnyEncodable(report.contents.figures),
                                        "storefronts": AnyEncodable(report.contents.storefronts.items.map(\.id)),
                                        "structures": AnyEncodable(report.contents.structures.items.map(\.id)),
                                        "cases": AnyEncodable(report.contents.cases.items.map(\.id))])
            }
            print("\(report.cell.code) \(report.cell.subDistrictName) \(report.cell.communityName) 网格员 \(report.cell.officer ?? "—")")
            Figures.print(report.contents.figures)
        }
    }

    struct Segment: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A road-chief segment, its chief and its frontage.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Segment id.") var id: String
        @Option(help: "Corridor half-width in metres instead of the red line.") var distance: Double?
        @Flag(help: "JSON on standard output.") var json = false

        func run() throws {
            let r = try store.queries().segment(id: id, corridorMeters: distance)
            if json {
                return try Output.json(["segment": AnyEncodable(r.segment), "frontage": AnyEncodable(r.frontage),
                                        "figures": AnyEncodable(r.contents.figures),
                                        "storefronts": AnyEncodable(r.contents.storefronts.items.map(\.id)),
                                        "cases": AnyEncodable(r.contents.cases.items.map(\.id))])
            }
            let chief = r.segment.chief.map { "\($0.name) \($0.unit) \($0.phone)" } ?? "—"
            print("\(r.segment.segment.id) \(r.segment.segment.roadName) \(String(format: "%.0f", r.segment.segment.lengthMeters)) m, 路长 \(chief), frontage \(r.frontage)")
            Figures.print(r.contents.figures)
        }
    }

    struct Chief: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every segment of one road chief.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Road chief id.") var id: String
        @Flag(help: "JSON on standard output.") var json = false

        func run() throws {
            let segments = try store.queries().segments(ofChief: id)
            if json { return try Output.json(segments) }
            Output.table(["segment", "road", "metres"], segments.map {
                [$0.segment.id, $0.segment.roadName, String(format: "%.0f", $0.segment.lengthMeters)]
            })
        }
    }

    struct Nearest: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The k nearest open cases to a point.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var point: PointOptions
        @Option(help: "How many.") var k = 10
        @Option(help: "Case-type codes, comma-separated.") var type: String?
        @Option(help: "Statuses, comma-separated (default: the open ones).") var status: String?
        @Option(help: "Search radius in metres.") var radius: Double?
        @Flag(help: "JSON on standard output.") var json = false

        func run() throws {
            let (p, crs) = try point.input()
            func set(_ s: String?) -> Set<String>? { s.map { Set($0.split(separator: ",").map(String.init)) } }
            let hits = try store.queries().nearestCases(to: p, crs: crs, k: k, types: set(type), statuses: set(status), radiusMeters: radius)
            if json {
                return try Output.json(hits.map { ["id": AnyEncodable($0.feature.id), "type": AnyEncodable($0.feature.category),
                                                   "status": AnyEncodable($0.feature.status), "distanceMeters": AnyEncodable($0.distanceMeters)] })
            }
            Output.table(["case", "type", "status", "metres"], hits.map {
                [$0.feature.id, $0.feature.category ?? "", $0.feature.status ?? "", String(format: "%.1f", $0.distanceMeters)]
            })
        }
    }

    struct Window: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A layer's features meeting a lon/lat bbox.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The layer.") var layer: String
        @Argument(help: "minLon,minLat,maxLon,maxLat.") var bbox: String
        @Option(help: "Page size.") var limit = 100
        @Flag(help: "JSON on standard output.") var json = false

        func run() throws {
            let layer = try ImportConsole.layer(self.layer)
            let e = try ImportConsole.envelope(bbox, option: "bbox")
            let q = try store.queries()
            let corners = try [Point(x: e.minX, y: e.minY), Point(x: e.maxX, y: e.minY), Point(x: e.maxX, y: e.maxY), Point(x: e.minX, y: e.maxY)]
                .map { try q.bridge.working($0, from: .wgs84, parameter: "bbox") }
            let page = try q.window(layer: layer, envelope: Envelope(covering: corners), limit: limit)
            if json { return try Output.json(["numberMatched": AnyEncodable(page.numberMatched), "ids": AnyEncodable(page.items.map(\.id))]) }
            print("\(page.numberMatched) \(layer.rawValue) in the window; first \(page.items.count):")
            page.items.forEach { print($0.id) }
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Features whose names, addresses or ids contain the text (Chinese substrings too).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The text, e.g. 南京东路.") var text: String
        @Option(help: "Only this layer (storefronts, structures, cases, roads…).") var layer: String?
        @Option(help: "How many, best first (1–200).") var limit = 20
        @Flag(help: "JSON on standard output.") var json = false

        func run() throws {
            let found = try store.queries().search(text, layer: try layer.map(ImportConsole.layer), limit: limit)
            if json {
                return try Output.json(found.map { ["layer": $0.layer.rawValue, "id": $0.id,
                                                    "name": $0.text("name") ?? ""] })
            }
            Output.table(["layer", "id", "name"], found.map { [$0.layer.rawValue, $0.id, $0.text("name") ?? ""] })
        }
    }

    struct DossierQuery: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "dossier", abstract: "A storefront's or structure's dossier.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "storefronts or structures.") var layer: String
        @Argument(help: "The entity's id.") var id: String
        @Flag(help: "JSON on standard output.") var json = false

        func run() throws {
            let d = try store.queries().dossier(layer: ImportConsole.layer(layer), id: id)
            if json { return try Output.json(["records": AnyEncodable(d.records), "cases": AnyEncodable(d.caseIDs)]) }
            Output.table(["date", "kind", "officer", "note"], d.records.map { [CityTime.timestamp($0.date), $0.kind.rawValue, $0.officer, $0.note] })
            print("cases: \(d.caseIDs.joined(separator: ", "))")
        }
    }

    struct Figures: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "立案率, 结案率, 按期结案率, 返工率 per group over a period.")
        @OptionGroup var store: StoreOptions
        @Option(help: "subDistrict, grid, segment, chief, department or type.") var by = "subDistrict"
        @Option(help: "Period start (YYYY-MM-DD or RFC 3339).") var from: String
        @Option(help: "Period end, exclusive.") var to: String
        @Flag(help: "JSON on standard output.") var json = false

        func run() throws {
            guard let grouping = FigureGrouping(rawValue: by) else {
                throw ValidationError("--by must be one of \(FigureGrouping.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let start = try Dates.parse(from, option: "--from"), let end = try Dates.parse(to, option: "--to"), start < end else {
                throw ValidationError("--from must be before --to")
            }
            let groups = try store.queries().figures(by: grouping, period: DateInterval(start: start, end: end))
            func pct(_ r: Ratio) -> String { r.value.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
            func hours(_ seconds: Double?) -> String { seconds.map { String(format: "%.1f", $0 / 3600) } ?? "—" }
            if json {
                return try Output.json(groups.map { g in
                    ["group": g.group, "received": "\(g.indicators.received)", "registrationRate": pct(g.indicators.registrationRate),
                     "closureRate": pct(g.indicators.closureRate), "onTimeClosureRate": pct(g.indicators.onTimeClosureRate),
                     "reworkRate": pct(g.indicators.reworkRate), "overdueOpen": "\(g.indicators.overdueOpen)",
                     "meanHandlingHours": hours(g.indicators.meanHandlingSeconds)]
                })
            }
            Output.table([by, "受理 received", "立案率", "结案率", "按期结案率", "返工率", "平均处置(时)", "超期 overdue"], groups.map { g in
                [g.group, "\(g.indicators.received)", pct(g.indicators.registrationRate), pct(g.indicators.closureRate),
                 pct(g.indicators.onTimeClosureRate), pct(g.indicators.reworkRate), hours(g.indicators.meanHandlingSeconds),
                 "\(g.indicators.overdueOpen)"]
            })
        }

        static func print(_ f: AreaFigures) {
            Output.table(["figure", "value"], [
                ["storefronts 门店", "\(f.storefronts)"],
                ["unlicensed 无证", "\(f.unlicensed)" + (f.unlicensedShare.map { String(format: " (%.0f%%)", $0 * 100) } ?? "")],
                ["wall-breaking 破墙", "\(f.wallBreaking)"],
                ["structures 违建", "\(f.structures), \(String(format: "%.1f", f.structureAreaSquareMeters)) m²"],
                ["demolished 已拆", "\(f.demolished), \(String(format: "%.1f", f.demolishedAreaSquareMeters)) m²"],
                ["open cases 在办", "\(f.openCases)"],
                ["overdue 超期", "\(f.overdueCases)"],
            ])
        }
    }
}

/// Any Encodable, for ad-hoc JSON objects.
struct AnyEncodable: Encodable {
    let encodeValue: (Encoder) throws -> Void
    init<T: Encodable>(_ value: T) { encodeValue = value.encode }
    func encode(to encoder: Encoder) throws { try encodeValue(encoder) }
}
