import ArgumentParser

/// `citygrid`: the command line of CityGrid. Each subcommand lives in its own file.
@main
struct CityGrid: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "citygrid",
        abstract: "Grid indexing, road segments and enforcement cases for city management.",
        subcommands: [
            ServeCommand.self, LoadCommand.self, ImportCommand.self, ExportCommand.self, QueryCommand.self,
            CaseCommand.self, ReattributeCommand.self, RouteCommand.self, GenerateCommand.self, TransformCommand.self,
            UsersCommand.self, AuditCommand.self,
        ])
}
