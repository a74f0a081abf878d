import CityModel
import CityQuery
import Foundation
import GeoCore
import Hummingbird

/// /api/v1/dossiers: a storefront's dossier (一店一档) or an illegal structure's (一户一档) as an
/// officer looks it up on the street, and the records officers append to it.
struct DossiersController: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration
    var transform: CoordinateBridge { queries.bridge }

    var routes: [Route] {
        let problem = BodyDoc.problem
        let bad = ResponseDoc(400, "A parameter is malformed", problem)
        let missing = ResponseDoc(404, "No such entity", problem)
        return [
            Route(Endpoint(.get, "/api/v1/dossiers/{layer}/{entityId}", access: .read, operationID: "dossier",
                           summary: "A storefront's or structure's dossier: the entity, its records and its cases", tag: "Dossiers",
                           parameters: [ParameterDoc("layer", in: .path, .string, "storefronts or structures",
                                                     allowed: [Layer.storefronts.rawValue, Layer.structures.rawValue]),
                                        ParameterDoc("entityId", in: .path, .string, "The entity's id")],
                           responses: [ResponseDoc(200, "The dossier", .json(.dossier)), bad, missing]),
                  handler: dossier),
            Route(Endpoint(.post, "/api/v1/dossiers/{layer}/{entityId}/records", access: .role(.officer), operationID: "addDossierRecord",
                           summary: "Appends a record (kind, date, officer, note, attachments) to a dossier", tag: "Dossiers",
                           parameters: [ParameterDoc("layer", in: .path, .string, "storefronts or structures",
                                                     allowed: [Layer.storefronts.rawValue, Layer.structures.rawValue]),
                                        ParameterDoc("entityId", in: .path, .string, "The entity's id")],
                           requestBody: [.json(.dossierRecordInput)],
                           responses: [ResponseDoc(201, "The dossier with the new record", .json(.dossier)), bad, missing,
                                       ResponseDoc(401, "No or unknown token", problem), ResponseDoc(403, "Not an officer", problem),
                                       ResponseDoc(409, "Out of date order", problem), ResponseDoc(413, "Body too large", problem)]),
                  handler: addRecord),
        ]
    }

    static func dossierLayer(_ context: CityRequestContext) throws -> Layer {
        let name = try context.parameters.require("layer")
        guard let layer = Layer(rawValue: name), layer == .storefronts || layer == .structures else {
            throw ServerError.invalidParameter(name: "layer", value: name, reason: "dossiers are kept for storefronts and structures")
        }
        return layer
    }

    func dossierJSON(_ d: Dossier) throws -> JSONValue {
        var entity = try QueryEncoding.feature(d.feature, transform)
        // The photos in their API form beside the records, not in the stored form inside the entity.
        let photos = (try? d.feature.decodedPhotos()) ?? []
        if case .object(var f) = entity, case .object(var properties)? = f["properties"] {
            properties["photos"] = nil
            f["properties"] = .object(properties)
            entity = .object(f)
        }
        return .object(["entity": entity, "photos": PhotoJSON.list(photos),
                 "records": PersonalData.disclosed(try QueryEncoding.value(d.records), at: d.feature.attribution,
                                                   layer: d.feature.layer, id: d.feature.id),
                 "cases": .array(d.caseIDs.map(JSONValue.string))])
    }

    @Sendable func dossier(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let layer = try Self.dossierLayer(context)
        let id = try context.parameters.require("entityId").decodedPathComponent(parameter: "entityId")
        let answer = try dossierJSON(queries.dossier(layer: layer, id: id))
        // Who read which dossier (一店一档 / 一户一档), anonymous readers included.
        let caller = context.caller
        do {
            try queries.recordReads([AuditEntry(by: caller.principal, at: Date(), via: caller.via, action: .dossierRead,
                                                subject: layer.rawValue, subjectID: id)])
        } catch { ReadAuditFailures.note(error) }
        return .json(answer)
    }

    @Sendable func addRecord(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let layer = try Self.dossierLayer(context)
        let id = try context.parameters.require("entityId").decodedPathComponent(parameter: "entityId")
        let body = try await request.jsonBody(limit: configuration.maxBodyBytes)
        guard let kindText = body["kind"]?.stringValue, let kind = DossierRecordKind(rawValue: kindText) else {
            throw ServerError.invalidBody(path: "kind", reason: "expected one of \(DossierRecordKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var date = Date()
        if let text = body["date"]?.stringValue {
            guard let d = CityTime.parse(text) else {
                throw ServerError.invalidBody(path: "date", reason: "expected an RFC 3339 date-time or a date (YYYY-MM-DD, Shanghai time)")
            }
            date = d
        }
        let attachments = body["attachments"]?.arrayValue?.compactMap(\.stringValue) ?? []
        // The record's officer is the token's holder; a name the client typed stays in the note.
        let note = Caller.note(body["note"]?.stringValue ?? "", naming: body["officer"]?.stringValue, as: "记录人自填")
        let record = DossierRecord(kind: kind, date: date, officer: context.principal.name, note: note, attachments: attachments)
        return .json(try dossierJSON(queries.addRecord(record, to: layer, id: id, by: context.caller)), status: .created)
    }
}
