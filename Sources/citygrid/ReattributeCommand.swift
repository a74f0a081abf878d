import CityModel
import ArgumentParser
import CityQuery
import CityStore
import Foundation

/// `citygrid reattribute`: after a grid, parcel, segment or red-line layer is re-imported, brings
/// storefronts, structures or open cases to the zones as they are now, recording each change.
struct ReattributeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reattribute",
        abstract: "Re-attribute storefronts, structures or open cases to the current zones, recording each change.",
        discussion: """
            Closed cases keep the cell, chief and department they were decided under. Each change is
            recorded: a dossier record for a storefront or structure, an audit row for a case.
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "storefronts, structures or cases.") var layer: String
    @Option(name: .customLong("id"), help: "Only this entity (repeatable).") var ids: [String] = []
    @Flag(help: "Report what would change; write nothing.") var dryRun = false
    @Flag(help: "JSON on standard output.") var json = false

    func run() throws {
        guard let layer = Layer(rawValue: layer), [.storefronts, .structures, .cases].contains(layer) else {
            throw ValidationError("LAYER must be storefronts, structures or cases, not \(self.layer)")
        }
        let report = try store.queries().reattribute(layer, ids: ids.isEmpty ? nil : Set(ids), by: .commandLine("citygrid reattribute"), dryRun: dryRun)
        if json { return try Output.json(report) }
        if !report.changed.isEmpty {
            Output.table(["id", "change"], report.changed.map { [$0.id, $0.summary] })
        }
        print("\(report.dryRun ? "would re-attribute" : "re-attributed") \(report.changed.count) of \(report.examined) \(layer.rawValue)")
    }
}
