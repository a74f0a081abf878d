import ArgumentParser

/// `citygrid`: the command line of CityGrid. Each subcommand lives in its own file.
@main
struct CityGrid: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "citygrid",
        abstract: "Grid indexing, road segments and enforcement cases for city management.",
        subcommands: [TransformCommand.self])
}
