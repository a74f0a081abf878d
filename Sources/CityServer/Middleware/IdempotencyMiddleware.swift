import CityQuery
import Hummingbird
import NIOCore

/// `Idempotency-Key` (IETF draft "The Idempotency-Key HTTP Header Field") on every write a token
/// holder sends: the first request with a key runs and its answer is kept in the store (shared by
/// every node) for `CityQueries.idempotencyKeyLifetime`; the same request again gets that answer
/// again with `Idempotent-Replayed: true` and writes nothing; the key with another request is
/// 422 naming the header; a repeat while the first still runs is 409. An answer the client can
/// act on (2xx, 4xx) is kept; a server failure (5xx) or a 429 frees the key, so a repeat runs.
///
/// It sits inside `BearerAuthMiddleware` (keys belong to the account) and inside
/// `ProblemMiddleware`, so it turns a handler's error into the problem answer itself, to keep it.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = CityRequestContext
    let queries: CityQueries
    /// The body a keyed write may bring, read here to recognise a repeat: the larger of the JSON
    /// limit and a photo's (each route then applies its own).
    let bodyLimit: Int
    let problemBodyLimit: Int

    static let keyHeader = HTTPFields.Element.Name("Idempotency-Key")!
    static let replayedHeader = HTTPFields.Element.Name("Idempotent-Replayed")!
    static let writeMethods: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]
    /// Photos come as raw JPEG bodies of a few megabytes.
    static let photoBodyBytes = 32 << 20

    init(queries: CityQueries, configuration: ServerConfiguration) {
        self.queries = queries
        bodyLimit = max(configuration.maxBodyBytes, Self.photoBodyBytes)
        problemBodyLimit = configuration.maxBodyBytes
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let key = request.headers[Self.keyHeader], Self.writeMethods.contains(request.method),
              let account = context.principal.accountID else {
            return try await next(request, context)
        }
        var request = request
        let collected: ByteBuffer
        do {
            collected = try await request.collectBody(upTo: bodyLimit)
        } catch let e as any HTTPResponseError where e.status == .contentTooLarge {
            throw ServerError.bodyTooLarge(limitBytes: bodyLimit)
        }
        let digest = CityQueries.requestDigest(method: request.method.rawValue, pathAndQuery: request.uri.description,
                                               contentType: request.headers[.contentType] ?? "",
                                               body: Array(collected.readableBytesView))
        switch try queries.claimIdempotencyKey(key, requestDigest: digest, accountID: account) {
        case .replay(let answer):
            var headers: HTTPFields = [Self.replayedHeader: "true"]
            if !answer.contentType.isEmpty { headers[.contentType] = answer.contentType }
            return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        case .run:
            break
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let problem = ServerError.from(error, request: request, bodyLimit: problemBodyLimit)
            guard Self.keeps(problem.status.code) else {
                release(key, account: account)
                throw error
            }
            // The answer ProblemMiddleware would give, in the path's error shape.
            response = ErrorShape.of(path: request.uri.path) == .geoReport
                ? problem.open311Response() : try problem.response(from: request, context: context)
        }
        guard Self.keeps(response.status.code) else {
            release(key, account: account)
            return response
        }
        let bytes = try await Self.collect(&response)
        do {
            try queries.recordIdempotentAnswer(IdempotentAnswer(status: Int(response.status.code), contentType: response.headers[.contentType] ?? "",
                                                                body: bytes), key: key, accountID: account)
        } catch {
            // The write is done; an answer not kept leaves the key "running" until it is taken as
            // abandoned (CityQueries.abandonedIdempotencyClaim), so a repeat meanwhile is a 409,
            // never a second write.
            context.logger.error("Idempotency-Key \(key): the answer was not kept: \(error)")
        }
        return response
    }

    static func keeps(_ status: Int) -> Bool { status < 500 && status != 429 }

    private func release(_ key: String, account: String) {
        // If the store cannot free it now, the key is taken as abandoned later: a repeat waits.
        try? queries.releaseIdempotencyKey(key, accountID: account)
    }

    /// The answer's bytes, and the answer given them again as its body.
    static func collect(_ response: inout Response) async throws -> [UInt8] {
        let sink = BodySink()
        try await response.body.write(sink)
        let bytes = sink.bytes
        response.body = .init(byteBuffer: ByteBuffer(bytes: bytes))
        return bytes
    }
}

/// Collects an answer's body as it is written.
private final class BodySink: ResponseBodyWriter, @unchecked Sendable {
    var bytes: [UInt8] = []
    func write(_ buffer: ByteBuffer) async throws { bytes.append(contentsOf: buffer.readableBytesView) }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
