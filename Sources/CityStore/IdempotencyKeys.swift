import Foundation

/// The answer a write gave the first time it was sent with an `Idempotency-Key`, kept so that a
/// repeat (a phone that lost the answer on a bad network and sends its queued action again) gets
/// the same answer instead of a second case.
public struct StoredAnswer: Sendable, Hashable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]

    public init(status: Int, contentType: String, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// What the store says when a request claims its key.
public enum IdempotencyClaim: Sendable, Hashable {
    /// The key was free (or only held by an expired or abandoned claim): this request runs, and
    /// must then record its answer or release the key.
    case claimed
    /// Another request with the key is running now; `sameRequest` says whether it is this one.
    case running(sameRequest: Bool)
    /// A request with the key was answered; `sameRequest` says whether it is this one.
    case answered(StoredAnswer, sameRequest: Bool)
}

/// One claim as the storage takes it: the account and key it belongs to, the digest of the
/// request, and the instants that decide what an old row means.
public struct IdempotencyRequest: Sendable, Hashable {
    public var accountID: String
    public var key: String
    /// SHA-256 (hex) of the method, path, query, content type and body.
    public var requestHash: String
    public var now: Date
    /// When the row may be forgotten (now + the keys' lifetime).
    public var expiresAt: Date
    /// A running claim begun before this is taken as abandoned (its node died mid-request) and
    /// may be claimed again.
    public var abandonedBefore: Date

    public init(accountID: String, key: String, requestHash: String, now: Date, expiresAt: Date, abandonedBefore: Date) {
        self.accountID = accountID
        self.key = key
        self.requestHash = requestHash
        self.now = now
        self.expiresAt = expiresAt
        self.abandonedBefore = abandonedBefore
    }
}

extension CityStore {
    public func claimIdempotencyKey(_ request: IdempotencyRequest) throws -> IdempotencyClaim {
        try storage.claimIdempotencyKey(request)
    }

    public func recordIdempotentAnswer(accountID: String, key: String, answer: StoredAnswer) throws {
        try storage.recordIdempotentAnswer(accountID: accountID, key: key, answer: answer)
    }

    public func releaseIdempotencyKey(accountID: String, key: String) throws {
        try storage.releaseIdempotencyKey(accountID: accountID, key: key)
    }
}
