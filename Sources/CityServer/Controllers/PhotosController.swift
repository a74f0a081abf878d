import CityModel
import CityQuery
import Foundation
import GeoCore
import Hummingbird

/// Evidence photos: taken in on a case (report, before and after handling) or a dossier, and
/// served in the two sizes made from them. An upload is the image as the body (its media type
/// in Content-Type, the stage in `?stage=`) or a `multipart/form-data` form with a `photo` file
/// part and an optional `stage` part, as a browser's form or the field app sends it.
struct PhotosController: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration

    /// The media types an upload may claim. The bytes decide what the photo is.
    static let imageTypes = ["image/jpeg", "image/png", "image/webp", "image/heic", "application/octet-stream"]
    /// Room for a form's boundaries and small parts around the photo itself.
    static let formOverhead = 64 * 1024

    var routes: [Route] {
        let problem = BodyDoc.problem
        let uploadBodies: [BodyDoc] = [.multipart(.photoUploadForm)] + Self.imageTypes.map(BodyDoc.file)
        let stage = ParameterDoc("stage", in: .query, .string, "The loop stage the photo documents (default report for a case, record for a dossier); a form's stage part wins",
                                 allowed: PhotoStage.allCases.map(\.rawValue))
        let uploadResponses = [
            ResponseDoc(201, "The photo as filed, with its location and time checks", .json(.photo)),
            ResponseDoc(200, "The same image was already filed at that stage: nothing changed", .json(.photo)),
            ResponseDoc(400, "A parameter or the form is malformed", problem), ResponseDoc(401, "No or unknown token", problem),
            ResponseDoc(403, "The role does not hold where the case or entity lies", problem), ResponseDoc(404, "No such case or entity", problem),
            ResponseDoc(413, "Longer than the photo size limit", problem), ResponseDoc(415, "Not a JPEG, PNG, WebP or HEIC image", problem),
            ResponseDoc(422, "An image that does not decode (truncated, corrupt)", problem),
        ]
        let bodyLimit = Int(queries.configuration.photoMaxBytes) + Self.formOverhead
        let photoID = ParameterDoc("photoId", in: .path, .string, "The photo's id: the SHA-256 of the original, 64 hex digits")
        let served = [ResponseDoc(200, "The image, JPEG, upright, without metadata", .file("image/jpeg")),
                      ResponseDoc(304, "Not modified (If-None-Match)"),
                      ResponseDoc(400, "Not a photo id", problem), ResponseDoc(404, "No such photo", problem)]
        return [
            Route(Endpoint(.post, "/api/v1/cases/{caseId}/photos", access: .anyRole([.reporter, .officer, .dispatcher]),
                           operationID: "attachCasePhoto", summary: "Files an evidence photo on a case (上报, 处置前, 处置后)", tag: "Photos",
                           parameters: [ParameterDoc("caseId", in: .path, .string, "The case's id"), stage],
                           requestBody: uploadBodies, responses: uploadResponses, bodyLimit: bodyLimit)) { request, context in
                let id = try context.parameters.require("caseId").decodedPathComponent(parameter: "caseId")
                return try await attach(request, context, to: .violationCase(id), defaultStage: .report)
            },
            Route(Endpoint(.post, "/api/v1/dossiers/{layer}/{entityId}/photos", access: .role(.officer),
                           operationID: "attachDossierPhoto", summary: "Files a photo in a storefront's or structure's dossier", tag: "Photos",
                           parameters: [ParameterDoc("layer", in: .path, .string, "storefronts or structures",
                                                     allowed: [Layer.storefronts.rawValue, Layer.structures.rawValue]),
                                        ParameterDoc("entityId", in: .path, .string, "The entity's id"), stage],
                           requestBody: uploadBodies, responses: uploadResponses, bodyLimit: bodyLimit)) { request, context in
                let layer = try DossiersController.dossierLayer(context)
                let id = try context.parameters.require("entityId").decodedPathComponent(parameter: "entityId")
                return try await attach(request, context, to: .dossier(layer, id), defaultStage: .record)
            },
            Route(Endpoint(.get, "/api/v1/photos/{photoId}", access: .read, operationID: "photo",
                           summary: "A photo at viewing size (about 1,600 px)", tag: "Photos", parameters: [photoID], responses: served)) { request, context in
                try serve(request, context, .view)
            },
            Route(Endpoint(.get, "/api/v1/photos/{photoId}/thumbnail", access: .read, operationID: "photoThumbnail",
                           summary: "A photo's thumbnail (about 320 px)", tag: "Photos", parameters: [photoID], responses: served)) { request, context in
                try serve(request, context, .thumbnail)
            },
        ]
    }

    func attach(_ request: Request, _ context: CityRequestContext, to subject: PhotoSubject,
                defaultStage: PhotoStage) async throws -> Response {
        let upload = try await Self.upload(from: request, defaultStage: defaultStage,
                                           limit: Int(queries.configuration.photoMaxBytes))
        let filed = try queries.attachPhoto(upload, to: subject, by: context.caller)
        return .json(PhotoJSON.value(filed.photo), status: filed.added ? .created : .ok,
                     headers: [.location: PhotoJSON.url(filed.photo.sha256)])
    }

    /// The photo and its stage from either body form. Over `limit` is 413 (the form may add its
    /// boundaries on top); a form without a `photo` part, or an unknown stage, is 400 naming it.
    static func upload(from request: Request, defaultStage: PhotoStage, limit: Int) async throws -> PhotoUpload {
        let contentType = request.headers[.contentType] ?? ""
        let q = try QueryParameters(query: request.uri.query)
        var stageText = q["stage"]
        let bytes: [UInt8]
        let part: String
        if let boundary = MultipartForm.boundary(ofContentType: contentType) {
            let form = try MultipartForm(body: try await collect(request, upTo: limit + formOverhead, limit: limit), boundary: boundary)
            guard let photo = form["photo"] else {
                throw ServerError.invalidBody(path: "photo", reason: "the form has no photo part (parts: \(form.parts.map(\.name).joined(separator: ", ")))")
            }
            guard photo.bytes.count <= limit else { throw ServerError.bodyTooLarge(limitBytes: limit) }
            if let s = form["stage"] { stageText = String(decoding: s.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
            bytes = photo.bytes
            part = "photo"
        } else {
            let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            guard imageTypes.contains(type) else {
                throw ServerError.unsupportedMediaType("\(type.isEmpty ? "(none)" : type): send the image as the body (image/jpeg, image/png, image/webp) or as the photo part of multipart/form-data")
            }
            bytes = try await collect(request, upTo: limit, limit: limit)
            part = "body"
        }
        var stage = defaultStage
        if let stageText, !stageText.isEmpty {
            guard let s = PhotoStage(rawValue: stageText) else {
                throw ServerError.invalidParameter(name: "stage", value: stageText,
                                                   reason: "expected one of \(PhotoStage.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            stage = s
        }
        return PhotoUpload(bytes: bytes, stage: stage, part: part)
    }

    static func collect(_ request: Request, upTo bytes: Int, limit: Int) async throws -> [UInt8] {
        do {
            var buffer = try await request.body.collect(upTo: bytes)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch let e as any HTTPResponseError where e.status == .contentTooLarge {
            throw ServerError.bodyTooLarge(limitBytes: limit)
        }
    }

    /// A rendition by its id: the id is the content's hash, so the ETag is the id and the answer
    /// never changes (`immutable`). `private`: a shared cache must not keep evidence photos.
    func serve(_ request: Request, _ context: CityRequestContext, _ size: CityQueries.ServedSize) throws -> Response {
        let id = try context.parameters.require("photoId")
        let etag = "\"\(id)-\(size.rawValue)\""
        let bytes = try queries.photoBytes(id, size)
        let headers: HTTPFields = [.contentType: "image/jpeg", .eTag: etag, .cacheControl: "private, max-age=31536000, immutable"]
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
