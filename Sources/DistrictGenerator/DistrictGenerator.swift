import CityModel
import Foundation
import GeoCore
import GeoIO

/// Generates a district (or a city of them) deterministically from a seed and writes the layer
/// files of the shared schema. Districts are generated and written one at a time, so a city-scale
/// run holds one district in memory.
public enum DistrictGenerator {
    public static func generate(_ options: GenerationOptions) throws -> GenerationSummary {
        let started = Date()
        let catalogue = try CaseTypeCatalogue.bundled()
        let departments = try DepartmentTable.bundled(catalogue: catalogue)
        let calendar = try WorkingCalendar.bundled()
        let conversion = try CRSConversion.make()
        let asOf = ShanghaiTime.seconds(options.asOf.year, options.asOf.month, options.asOf.day, options.asOf.hour)
        let history = CaseHistoryMaker(workflow: CaseWorkflow(catalogue: catalogue, departments: departments),
                                       calendar: calendar, departments: departments, asOf: asOf)
        try FileManager.default.createDirectory(atPath: options.outputDirectory, withIntermediateDirectories: true)
        let output = try LayerOutput(options: options, conversion: conversion)
        let root = SplitMix64(seed: options.seed)
        let recipes = DistrictRecipe.recipes(for: options.scale)
        do {
            for (k, recipe) in recipes.enumerated() {
                let district = try DistrictBuild(recipe: recipe, random: root.stream("district", k), asOf: asOf,
                                                 streetsPath: options.streetsPath, conversion: conversion, history: history)
                try output.write(district)
            }
            try output.finish()
        } catch {
            output.cancel()
            throw error
        }
        return GenerationSummary(counts: output.counts, districts: recipes.count, seconds: Date().timeIntervalSince(started))
    }
}

/// One district, every layer built in memory.
struct DistrictBuild {
    var plan: DistrictPlan
    var layout: StreetLayout
    var cells: [GridCell]
    var segments: [RoadSegment]
    var chiefs: [RoadChief]
    var storefronts: [Storefront]
    var structures: [IllegalStructure]
    var cases: [ViolationCase]
    var caseSteps: [[CaseHistoryMaker.Step]]
    var officers: [Officer]

    init(recipe: DistrictRecipe, random: SplitMix64, asOf: Int, streetsPath: String, conversion: CRSConversion,
         history: CaseHistoryMaker) throws {
        var names = NameMaker(random: random.stream("names"))
        var streetRandom = random.stream("streets")
        switch recipe.streets {
        case .osm:
            var ways = try OSMStreets.read(path: streetsPath)
            for i in ways.indices {
                do { ways[i].line = try conversion.working(ways[i].line) } catch {
                    throw DistrictGeneratorError.geometry(layer: "roads", id: ways[i].id, reason: "to EPSG:4549: \(error)")
                }
            }
            let bounds = Envelope(covering: ways.flatMap(\.line.points))
            let size = DistrictRecipe.cellSize
            // The largest whole-cell rectangle inside the streets' bounds.
            let area = Envelope(minX: (bounds.minX / size).rounded(.up) * size, minY: (bounds.minY / size).rounded(.up) * size,
                                maxX: (bounds.maxX / size).rounded(.down) * size, maxY: (bounds.maxY / size).rounded(.down) * size)
            plan = DistrictPlan(code: recipe.code, name: recipe.name, area: area, columns: recipe.columns, rows: recipe.rows,
                                names: recipe.subDistrictNames, cellSize: size)
            layout = try OSMLayout(plan: plan, parcelMaxArea: DistrictRecipe.parcelMaxArea)
                .build(ways: ways, random: &streetRandom, names: &names)
        case .synthetic(let origin, let width, let height, let spacing, let laneShare):
            let area = Envelope(minX: origin.x, minY: origin.y, maxX: origin.x + width, maxY: origin.y + height)
            plan = DistrictPlan(code: recipe.code, name: recipe.name, area: area, columns: recipe.columns, rows: recipe.rows,
                                names: recipe.subDistrictNames, cellSize: DistrictRecipe.cellSize)
            layout = SyntheticStreets(plan: plan, spacing: spacing, laneShare: laneShare, parcelMaxArea: DistrictRecipe.parcelMaxArea)
                .build(random: &streetRandom, names: &names)
        }
        cells = try GridBuilder(plan: plan, cellSize: DistrictRecipe.cellSize, communityCells: DistrictRecipe.communityCells,
                                cellsPerOfficer: DistrictRecipe.cellsPerOfficer).build(names: &names)
        var segmentRandom = random.stream("segments")
        (segments, chiefs) = SegmentBuilder(districtCode: plan.code, targetLength: DistrictRecipe.segmentLength, segmentsPerChief: 2...4)
            .build(ways: layout.ways, random: &segmentRandom, names: &names)

        let redLineLookup = try PolygonLookup(layout.redLines.map(\.polygon))
        let parcelLookup = try PolygonLookup(layout.parcels.map(\.polygon))
        var officers = Array(Set(cells.compactMap(\.officer))).sorted()
        if officers.isEmpty { officers = [names.personName()] }
        var shopRandom = random.stream("storefronts")
        storefronts = try StorefrontBuilder(plan: plan, target: recipe.storefrontTarget, occupancy: recipe.occupancy, recordsMean: recipe.recordsMean,
                                            recordsSpread: recipe.recordsSpread, asOf: asOf)
            .build(ways: layout.ways, redLines: redLineLookup, parcels: parcelLookup, officers: officers,
                   random: &shopRandom, names: &names)
        var structureRandom = random.stream("structures")
        structures = try StructureBuilder(plan: plan, count: recipe.structures, asOf: asOf)
            .build(parcels: layout.parcels, ways: WayLookup(layout.ways), officers: officers, random: &structureRandom, names: &names)
        let staff = (0..<12).map { _ in names.personName() }
        var caseRandom = random.stream("cases")
        let built = try CaseBuilder(plan: plan, count: recipe.cases, asOf: asOf, history: history)
            .build(shops: storefronts, structures: structures, ways: layout.ways, redLines: redLineLookup,
                   parcels: layout.parcels, segments: SegmentLookup(segments), staff: staff, random: &caseRandom)
        cases = built.cases
        caseSteps = built.steps
        // Names of their own: the other layers' draws stay as they were before officers existed.
        var officerNames = NameMaker(random: random.stream("officers"))
        self.officers = OfficerBuilder(plan: plan).build(ways: layout.ways, names: &officerNames)
    }
}
