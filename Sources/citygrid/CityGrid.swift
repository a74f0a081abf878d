import ArgumentParser
import CityQuery

/// `citygrid`: the command line of CityGrid. Each subcommand lives in its own file.
@main
struct CityGrid: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "citygrid",
        abstract: "Grid indexing, road segments and enforcement cases for city management.",
        subcommands: [
            ServeCommand.self, LoadCommand.self, ImportCommand.self, ExportCommand.self, QueryCommand.self,
            CaseCommand.self, ReattributeCommand.self, RouteCommand.self, GenerateCommand.self, TransformCommand.self,
            UsersCommand.self, AuditCommand.self, OfficersCommand.self, PhotoCommand.self, ReportCommand.self,
        ])

    /// Every command answers to the operator at this machine's command line: whoever can open the
    /// store's file or database sees all of it anyway. The server sets each request's own reader.
    static func main() async {
        await Disclosure.$reader.withValue(Caller.commandLine("citygrid").principal) {
            do {
                var command = try parseAsRoot()
                if var asynchronous = command as? any AsyncParsableCommand {
                    try await asynchronous.run()
                } else {
                    try command.run()
                }
            } catch {
                exit(withError: error)
            }
        }
    }
}
