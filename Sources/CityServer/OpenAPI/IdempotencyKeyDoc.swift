import CityQuery
import Hummingbird

extension ParameterDoc {
    /// The header `IdempotencyMiddleware` honours, as the document describes it on every write.
    static let idempotencyKey = ParameterDoc(
        "Idempotency-Key", in: .header, .string,
        "Optional; a client-chosen key (1–255 visible ASCII characters, e.g. a UUID) making this write safe to send again. "
            + "The first answer (2xx or 4xx) is kept for \(Int(CityQueries.idempotencyKeyLifetime / 3600)) hours per account and key: "
            + "the same request with the same key gets it again with `Idempotent-Replayed: true` and writes nothing; "
            + "the same key with a different method, path, query or body is 422 naming the header; "
            + "a repeat while the first is still being answered is 409. A 5xx or 429 is not kept: send it again with the same key.")
}

extension Endpoint {
    /// Writes by a token holder: where `IdempotencyMiddleware` applies.
    var takesIdempotencyKey: Bool {
        guard case .anyRole = access else { return false }
        return IdempotencyMiddleware.writeMethods.contains(method)
    }
}
