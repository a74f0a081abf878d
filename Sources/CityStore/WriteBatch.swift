import CityModel
import Foundation

/// What one write does, gathered first and then committed as one transaction. Nothing in a batch
/// reaches the database or the indexes unless all of it does.
public struct WriteBatch: Sendable {
    enum Change: Sendable {
        case upsert(StoredFeature)
        case insert(StoredFeature)
        case insertMany(FeatureStream)
        case delete(Layer, String)
        case replaceLayer(Layer, source: String)
        case transition(CaseTransitionRow)
        case dossierRecord(DossierRecordRow)
        case account(Account)
        case token(AccountToken)
        case audit(AuditEntry)
        case officerFix(OfficerFixRow)
        case event(EventRow)
    }

    var changes: [Change] = []

    public init() {}

    /// Adds an entity; fails the whole batch if the id exists in its layer.
    public mutating func insert(_ feature: StoredFeature) { changes.append(.insert(feature)) }
    /// Adds many entities made while they are written (an import); fails the whole batch if an id
    /// exists in its layer. Memory keeps their filter fields and geometry; their attributes are
    /// read back on first use, as after opening the store.
    public mutating func insert(_ stream: FeatureStream) { changes.append(.insertMany(stream)) }
    /// Adds or replaces an entity by layer and id.
    public mutating func upsert(_ feature: StoredFeature) { changes.append(.upsert(feature)) }
    public mutating func delete(layer: Layer, id: String) { changes.append(.delete(layer, id)) }
    /// Removes every entity of the layer before the inserts that follow (a re-import), and records
    /// the import run.
    public mutating func replaceLayer(_ layer: Layer, source: String) { changes.append(.replaceLayer(layer, source: source)) }
    public mutating func append(_ transition: CaseTransitionRow) { changes.append(.transition(transition)) }
    public mutating func append(_ record: DossierRecordRow) { changes.append(.dossierRecord(record)) }
    /// Appends a fix to an officer's track (the officer's feature moves by an `upsert`).
    public mutating func append(_ fix: OfficerFixRow) { changes.append(.officerFix(fix)) }
    /// Appends an event to the outbox (a case's steps get theirs from the history's trigger); one
    /// whose once-key is already there is dropped, not refused.
    public mutating func append(_ event: EventRow) { changes.append(.event(event)) }

    /// Adds or replaces an account by id (disabling is a put with `disabledAt`).
    public mutating func put(_ account: Account) { changes.append(.account(account)) }
    /// Adds a token, or changes one by id: its expiry and revocation (revoking is a put with
    /// `revokedAt`). Its account, digest and creation stay as first stored, and its last use is
    /// never set back (`CityStorage.recordTokenUse` moves it).
    public mutating func put(_ token: AccountToken) { changes.append(.token(token)) }
    /// Appends a line to the audit trail in the batch's own transaction: no write without its
    /// line, no line for a write that did not land.
    public mutating func record(_ entry: AuditEntry) { changes.append(.audit(entry)) }

    public var isEmpty: Bool { changes.isEmpty }

    /// Whether the batch puts an account or a token, which every store's directory must follow.
    var changesAccounts: Bool {
        changes.contains { change in
            switch change {
            case .account, .token: true
            default: false
            }
        }
    }

    /// How many features the batch writes into `layer`, as far as it knows before writing (a
    /// stream read to its end counts its features only then): what an import run records.
    func knownCount(of layer: Layer) -> Int {
        changes.reduce(0) { n, c in
            switch c {
            case .insert(let f) where f.layer == layer, .upsert(let f) where f.layer == layer: n + 1
            case .insertMany(let stream) where stream.layer == layer: n + (stream.count ?? 0)
            default: n
            }
        }
    }

    /// The layers this batch replaces and refills with one stream of at least `minimum` features
    /// (a stream of unknown length counts as long: it is read from a file) and nothing else: their search index can be built beside the rows and brought in whole.
    func bulkLoadedLayers(minimum: Int) -> [Layer] {
        var replaced: Set<Layer> = [], streams: [Layer: Int] = [:], touched: Set<Layer> = []
        for change in changes {
            switch change {
            case .replaceLayer(let layer, _): replaced.insert(layer)
            case .insertMany(let stream): streams[stream.layer, default: 0] += (stream.count ?? minimum) >= minimum ? 1 : 2
            case .insert(let f), .upsert(let f): touched.insert(f.layer)
            case .delete(let layer, _): touched.insert(layer)
            case .transition, .dossierRecord, .account, .token, .audit, .officerFix, .event: break
            }
        }
        return streams.filter { layer, n in n == 1 && replaced.contains(layer) && !touched.contains(layer) }.map(\.key).sorted()
    }
}

/// One step of a case's audit history as stored: who moved it, when, from which state to which.
public struct CaseTransitionRow: Sendable, Hashable, Codable {
    public var caseID: String
    public var at: String
    public var actor: String
    public var event: String
    public var fromStatus: String?
    public var toStatus: String
    public var note: String

    public init(caseID: String, at: String, actor: String, event: String, fromStatus: String?, toStatus: String, note: String = "") {
        self.caseID = caseID
        self.at = at
        self.actor = actor
        self.event = event
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.note = note
    }
}

/// One entry of a storefront's or structure's dossier (一店一档 / 一户一档), append-only.
public struct DossierRecordRow: Sendable, Hashable, Codable {
    public var layer: Layer
    public var entityID: String
    public var kind: String
    public var date: String
    public var officer: String
    public var note: String
    public var attachments: [String]

    public init(layer: Layer, entityID: String, kind: String, date: String, officer: String = "", note: String = "", attachments: [String] = []) {
        self.layer = layer
        self.entityID = entityID
        self.kind = kind
        self.date = date
        self.officer = officer
        self.note = note
        self.attachments = attachments
    }
}
