import CityModel
import CityStore
import Crypto
import Foundation

/// A write's first answer, as kept for an `Idempotency-Key` and given again to a repeat.
public struct IdempotentAnswer: Sendable, Hashable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]

    public init(status: Int, contentType: String, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// What a write sent with an idempotency key is to do.
public enum IdempotentStep: Sendable, Hashable {
    /// Run it (the key was free), then `recordIdempotentAnswer` or `releaseIdempotencyKey`.
    case run
    /// Do not run it: give this answer again.
    case replay(IdempotentAnswer)
}

/// Idempotency keys (the IETF draft "The Idempotency-Key HTTP Header Field"): a client that
/// cannot know whether its write arrived — an officer's phone sending its offline queue on a
/// bad network — sends the write again with the same key, and the store, shared by every node,
/// makes sure it is done once. Keys belong to the account that sent them, so two officers'
/// phones can never collide.
extension CityQueries {
    /// How long a key is remembered: a phone offline for a working day and a night still
    /// replays its queue within it.
    public static let idempotencyKeyLifetime: TimeInterval = 24 * 3600
    /// A first request still "running" after this long was lost with its node; the key may be
    /// claimed again. Longer than any write takes (the body limit and the slow-client timeout
    /// keep every request well under it).
    public static let abandonedIdempotencyClaim: TimeInterval = 300
    /// What a key may be: 1–255 visible ASCII characters (a UUID is 36).
    public static let idempotencyKeyLength = 1...255

    /// Claims `key` for the caller's account. A repeat of an answered request gives `.replay`; a
    /// repeat while the first runs is a conflict (409); the key with a different request
    /// (method, path, query, content type or body) is unprocessable (422) naming the header.
    public func claimIdempotencyKey(_ key: String, requestDigest: String, accountID: String, now: Date = Date()) throws -> IdempotentStep {
        try Self.checkIdempotencyKey(key)
        let request = IdempotencyRequest(accountID: accountID, key: key, requestHash: requestDigest, now: now,
                                         expiresAt: now.addingTimeInterval(Self.idempotencyKeyLifetime),
                                         abandonedBefore: now.addingTimeInterval(-Self.abandonedIdempotencyClaim))
        switch try translated({ try store.claimIdempotencyKey(request) }) {
        case .claimed:
            return .run
        case .running(true):
            throw CityQueryError.conflict(reason: "Idempotency-Key \(key): the first request with this key is still being answered; send it again later")
        case .answered(let answer, true):
            return .replay(IdempotentAnswer(status: answer.status, contentType: answer.contentType, body: answer.body))
        case .running(false), .answered(_, false):
            throw CityQueryError.unprocessable(name: "Idempotency-Key",
                                               reason: "\(key) was used for a different request (method, path, query or body); a new write needs a new key")
        }
    }

    public func recordIdempotentAnswer(_ answer: IdempotentAnswer, key: String, accountID: String) throws {
        try translated {
            try store.recordIdempotentAnswer(accountID: accountID, key: key,
                                             answer: StoredAnswer(status: answer.status, contentType: answer.contentType, body: answer.body))
        }
    }

    public func releaseIdempotencyKey(_ key: String, accountID: String) throws {
        try translated { try store.releaseIdempotencyKey(accountID: accountID, key: key) }
    }

    /// The SHA-256 (hex) a request is recognised by: its method, path with query, content type
    /// and body, each length-prefixed so no two requests spell the same bytes.
    public static func requestDigest(method: String, pathAndQuery: String, contentType: String, body: [UInt8]) -> String {
        var hash = SHA256()
        for part in [Array(method.utf8), Array(pathAndQuery.utf8), Array(contentType.utf8), body] {
            hash.update(data: Array(String(part.count).utf8) + [0x3A])
            hash.update(data: part)
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    static func checkIdempotencyKey(_ key: String) throws {
        guard idempotencyKeyLength.contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw CityQueryError.badParameter(name: "Idempotency-Key", value: String(key.prefix(40)),
                                              reason: "expected 1–255 visible ASCII characters, e.g. a UUID")
        }
    }
}
