import CityModel
import Foundation

/// Where the store keeps its data. SQLite (`CityDatabase`) is the embedded default; a deployment
/// that outgrows one machine adds a PostgreSQL implementation of this protocol, and nothing above
/// `CityStore` changes.
///
/// The contract: `commit` applies a whole batch in one transaction, or throws having applied
/// none of it, and says what memory must do afterwards; the reads see only committed data.
///
/// Several writers share one storage: the command line beside a server on one SQLite file, or
/// several server nodes on one PostgreSQL database. Every committed batch appends one entry to a
/// change log numbered by a monotonic sequence, written in the batch's own transaction under the
/// storage's writer lock, so sequences follow commit order. A store's memory is as of a sequence;
/// it catches up by reading what came after (`changes(after:)`), and a write decided on memory
/// commits only if the log still ends where that memory does (`commit(_:requiringLogEnd:)`).
public protocol CityStorage: Sendable {
    /// A path or connection name, for messages.
    var location: String { get }
    /// The sequence of the last committed batch (0 for none). Read before a load, it is where the
    /// loaded memory is sure to have caught up to (a later write is read again, which is harmless).
    func logEnd() throws -> Int64
    /// Every feature of every layer with its row id (the id the in-memory R-tree knows it by).
    /// Attributes may be left to be read on first use (`FeatureBody`).
    func loadFeatures() throws -> [Layer: [(Int64, StoredFeature)]]
    /// The same for some layers only.
    func loadFeatures(layers: Set<Layer>) throws -> [Layer: [(Int64, StoredFeature)]]
    /// Every attribute object of a layer with its row id, for reading them all before the layer
    /// is replaced.
    func forEachProperties(of layer: Layer, _ body: (Int64, [UInt8]) throws -> Void) throws
    /// Applies a batch as one transaction with its change-log entry. With `requiringLogEnd`, only
    /// if no other batch was committed after that sequence (checked under the writer lock, inside
    /// the transaction); otherwise nothing is written and the answer is `.behind`.
    func commit(_ batch: WriteBatch, requiringLogEnd: Int64?) throws -> CommitOutcome
    /// Applies a batch as one transaction for a caller that will not read memory again: what
    /// memory would have to do is not worked out. It is logged like any other.
    func commitForgettingChanges(_ batch: WriteBatch) throws
    /// What was committed after `sequence`, read in one snapshot.
    func changes(after sequence: Int64) throws -> ChangeSet
    /// Waits until the log may have moved past `sequence`, or `timeout` passes; false on timeout.
    func waitForChanges(after sequence: Int64, timeout: Duration) throws -> Bool
    func transitions(caseID: String) throws -> [CaseTransitionRow]
    func transitionCount() throws -> Int
    /// Events committed after the outbox row `id`, in commit order (`EventRow`).
    func events(after id: Int64, limit: Int) throws -> [LoggedEvent]
    func lastEventID() throws -> Int64
    /// Which of `keys` an event already carries as its once-key.
    func emittedOnceKeys(_ keys: [String]) throws -> Set<String>
    /// When the watch `name` began: the first call records `now`, later ones read it back.
    func watchSince(_ name: String, now: Date) throws -> Date
    func dossier(layer: Layer, entityID: String) throws -> [DossierRecordRow]
    /// An officer's fixes from `from` (inclusive) to `to` (exclusive), oldest first, at most `limit`.
    func track(officerID: String, from: Date?, to: Date?, limit: Int) throws -> [OfficerFixRow]
    func search(_ text: String, layer: Layer?, limit: Int) throws -> [(layer: Layer, id: String)]
    func storedCount(_ layer: Layer) throws -> Int
    /// The id of the last import run (0 for none): zone versions are import-run ids.
    func lastImportRun() throws -> Int

    // Accounts and the audit trail (CityDatabase+Accounts.swift, PostgresStorage+Accounts.swift).

    /// Every account and token as committed now.
    func loadAccounts() throws -> AccountDirectory
    /// Appends audit lines in a short transaction of their own, with no change-log entry: reads
    /// being logged change nothing another writer must follow, and must not make one retry.
    func appendAudit(_ entries: [AuditEntry]) throws
    /// Moves tokens' last use (token id → instant) forward, never back, with no change-log entry:
    /// batched by the caller, so signing in costs no write per request.
    func recordTokenUse(_ uses: [String: Date]) throws
    /// The audit lines `filter` admits, in its order (newest first unless `oldestFirst`).
    func auditEntries(_ filter: AuditFilter) throws -> [AuditEntry]

    // Webhook subscriptions (CityDatabase+Subscriptions.swift, PostgresStorage+Subscriptions.swift).

    /// Adds a subscription starting after the step `cursor`, with its audit line, in one transaction.
    func addSubscription(_ s: Subscription, cursor: Int64, audit: AuditEntry) throws
    /// Disables it (no more deliveries), with its audit line; false when there is no such subscription.
    func disableSubscription(id: String, at: Date, audit: AuditEntry) throws -> Bool
    /// Every subscription, or only the live ones with a receiver (what a deliverer reads at every commit).
    func subscriptions(webhooksOnly: Bool) throws -> [(subscription: Subscription, state: SubscriptionState)]
    /// Takes the right to deliver the subscription until `until`, if no other node holds it now.
    func leaseSubscription(id: String, node: String, until: Date, now: Date) throws -> Bool
    /// Writes where a delivery left the subscription, and the steps set aside, in one transaction.
    func recordDelivery(subscriptionID: String, state: SubscriptionState, deadLetters: [DeadLetter]) throws
    func deadLetters(subscriptionID: String, limit: Int) throws -> [DeadLetter]

    // Idempotency keys (CityDatabase+Idempotency.swift, PostgresStorage+Idempotency.swift): no
    // change-log entry, as for the audit trail; every node reads the same rows.

    /// Claims `request.key` for `request.accountID` in one transaction: forgets expired rows,
    /// takes over an abandoned running claim, else inserts a running row or reads the one there.
    func claimIdempotencyKey(_ request: IdempotencyRequest) throws -> IdempotencyClaim
    /// Keeps the answer of a claimed key (the row stays until it expires).
    func recordIdempotentAnswer(accountID: String, key: String, answer: StoredAnswer) throws
    /// Frees a claimed key whose request failed on the server's side, so a repeat runs again.
    func releaseIdempotencyKey(accountID: String, key: String) throws
}

/// What a committed batch did to one feature, for the in-memory layers to follow.
public enum StoredChange: Sendable {
    case put(Int64, StoredFeature)
    case remove(Layer, Int64)
}

extension CityStorage {
    public func loadFeatures(layers: Set<Layer>) throws -> [Layer: [(Int64, StoredFeature)]] {
        try loadFeatures().filter { layers.contains($0.key) }
    }
}

extension CityStore {
    /// The storage a `--store` names: a PostgreSQL connection URI (`postgresql://…`), else a
    /// SQLite file (created if absent).
    public static func openStorage(_ store: String) throws -> any CityStorage {
        PostgresStorage.accepts(store) ? try PostgresStorage.open(uri: store) : try CityDatabase.open(path: store)
    }

    /// Whether `store` names data that exists: a file, or a PostgreSQL database (whose
    /// existence the connection tells).
    public static func storageExists(_ store: String) -> Bool {
        PostgresStorage.accepts(store) || FileManager.default.fileExists(atPath: store)
    }
}
