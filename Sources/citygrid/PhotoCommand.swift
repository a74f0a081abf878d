import ArgumentParser
import CityModel
import CityQuery
import Foundation

/// `citygrid case photo` and `citygrid dossier photo`: an evidence photo filed from a file, as the
/// API files an upload (the same checks, the same folder beside the store).
struct PhotoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "photo",
        abstract: "File an evidence photo on a case or in a storefront's or structure's dossier.",
        discussion: """
            The photo's type is told from its bytes (JPEG, PNG, WebP, HEIC). Its EXIF time and GPS
            position are checked against the case (more than photoMaxDistanceMeters away, or taken
            before the case was reported, is flagged for the verifier); the served copies have no
            metadata. The bytes go to the folder beside the store (<store>.photos), or to
            $CITYGRID_PHOTOS for a PostgreSQL store.

              citygrid photo --case AJ-310101-000037 --stage after after.jpg
              citygrid photo --dossier storefronts/SF-0001 shopfront.jpg
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "The case the photo is evidence for.") var `case`: String?
    @Option(help: "The dossier: storefronts/ID or structures/ID.") var dossier: String?
    @Option(help: "report, before or after (a case); record (a dossier). Default: report for a case, record for a dossier.")
    var stage: String?
    @Flag(help: "Print the filed photo as JSON.") var json = false
    @Argument(help: "The image file.") var file: String

    func validate() throws {
        guard (`case` == nil) != (dossier == nil) else { throw ValidationError("give one of --case or --dossier") }
        if let stage, PhotoStage(rawValue: stage) == nil {
            throw ValidationError("--stage \(stage): expected one of \(PhotoStage.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let dossier {
            let parts = dossier.split(separator: "/", maxSplits: 1)
            guard parts.count == 2, Layer(rawValue: String(parts[0])) != nil else {
                throw ValidationError("--dossier \(dossier): expected storefronts/ID or structures/ID")
            }
        }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        let subject: PhotoSubject
        if let id = `case` {
            subject = .violationCase(id)
        } else {
            let parts = dossier!.split(separator: "/", maxSplits: 1).map(String.init)
            subject = .dossier(Layer(rawValue: parts[0])!, parts[1])
        }
        let defaultStage: PhotoStage = `case` != nil ? .report : .record
        let upload = PhotoUpload(bytes: [UInt8](data), stage: stage.flatMap(PhotoStage.init(rawValue:)) ?? defaultStage, part: file)
        let filed = try store.queries().attachPhoto(upload, to: subject, by: .commandLine("citygrid photo"))
        if json { return try Output.json(filed.photo) }
        let p = filed.photo
        print("\(p.sha256) \(p.stage.rawValue) \(p.mediaType) \(p.width)x\(p.height)\(filed.added ? "" : " (already filed)")")
        for check in p.checks { print("  \(check.isWarning ? "!" : "-") \(check.message)") }
    }
}
