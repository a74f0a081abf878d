import CityModel
import GeoCore

/// What one committed batch changed, as the change log keeps it (one row per batch, numbered by a
/// monotonic sequence): the layers it replaced or filled in bulk, which a follower reloads whole,
/// and the ids of the entities it wrote or removed, whose current rows a follower reads back.
///
/// Ids, not contents: a follower reads the rows as they are when it catches up, so applying an
/// entry twice, or an older entry after a newer one, leaves memory as the database is. Case
/// histories and dossier records are read from storage on demand, so they need no entry.
public struct ChangeLogEntry: Sendable, Equatable {
    public var reloaded: Set<Layer> = []
    public var touched: [Layer: Set<String>] = [:]
    /// The batch put an account or a token: followers read the account directory again (whole:
    /// a city has hundreds of accounts, not millions).
    public var accounts = false

    public init(reloaded: Set<Layer> = [], touched: [Layer: Set<String>] = [:], accounts: Bool = false) {
        self.reloaded = reloaded
        self.touched = touched
        self.accounts = accounts
    }

    /// The entry of a batch. A bulk insert (an import's stream) marks its layer reloaded: listing
    /// a million ids would cost more than reading the layer back.
    init(_ batch: WriteBatch) {
        for change in batch.changes {
            switch change {
            case .insert(let f), .upsert(let f): touched[f.layer, default: []].insert(f.id)
            case .delete(let layer, let id): touched[layer, default: []].insert(id)
            case .insertMany(let stream): reloaded.insert(stream.layer)
            case .replaceLayer(let layer, _): reloaded.insert(layer)
            case .account, .token: accounts = true
            case .transition, .dossierRecord, .audit, .officerFix, .event: break
            }
        }
        for layer in reloaded { touched[layer] = nil }
    }

    /// Merges a later entry: what either reloaded is reloaded, the rest is touched.
    mutating func merge(_ other: ChangeLogEntry) {
        reloaded.formUnion(other.reloaded)
        accounts = accounts || other.accounts
        for (layer, ids) in other.touched where !reloaded.contains(layer) { touched[layer, default: []].formUnion(ids) }
        for layer in reloaded { touched[layer] = nil }
    }

    /// `{"reloaded":["cases"],"touched":{"storefronts":["S1","S2"]}}`, keys and ids sorted;
    /// `"accounts":true` added only when set, so entries without account changes read the same
    /// to a node that predates them.
    public var json: String {
        var object = JSONObject()
        if accounts { object["accounts"] = .bool(true) }
        object["reloaded"] = .array(reloaded.map(\.rawValue).sorted().map(JSONValue.string))
        var touchedObject = JSONObject()
        for (layer, ids) in touched.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            touchedObject[layer.rawValue] = .array(ids.sorted().map(JSONValue.string))
        }
        object["touched"] = .object(touchedObject)
        return JSONValue.object(object).jsonString
    }

    /// Reads an entry back; `sequence` names it in the error.
    public init(json: String, sequence: Int64) throws(StoreError) {
        let corrupt = { (reason: String) in StoreError.corruptChangeLog(sequence: sequence, reason: reason) }
        let value: JSONValue
        do { value = try JSONValue(parsing: json) } catch { throw corrupt("\(error)") }
        for name in value["reloaded"]?.arrayValue ?? [] {
            guard let layer = name.stringValue.flatMap(Layer.init(rawValue:)) else { throw corrupt("unknown layer \(name)") }
            reloaded.insert(layer)
        }
        for (name, ids) in value["touched"]?.objectValue?.members ?? [] {
            guard let layer = Layer(rawValue: name) else { throw corrupt("unknown layer \(name)") }
            touched[layer] = Set((ids.arrayValue ?? []).compactMap(\.stringValue))
        }
        // Absent in entries written before accounts were stored.
        accounts = value["accounts"]?.boolValue ?? false
    }
}

/// What other writers committed after a sequence, read in one snapshot: the layers to reload
/// whole, and the current row of every other entity they touched (nil: it no longer exists).
public struct ChangeSet: Sendable {
    /// The last sequence this set covers: memory that applies it has caught up to here.
    public var sequence: Int64
    public var reloaded: [Layer: [(Int64, StoredFeature)]] = [:]
    public var touched: [Layer: [String: (Int64, StoredFeature)?]] = [:]
    /// Every account and token as of the set's snapshot, when an entry it covers changed them
    /// (nil: the directory memory holds is still current).
    public var accounts: AccountDirectory?

    public init(sequence: Int64) { self.sequence = sequence }

    /// The set for `entry` (the entries up to `sequence`, merged), as a storage reads it in one
    /// snapshot: the reloaded layers through `load`, and each touched id's row through `rows`
    /// (an id it does not find no longer exists).
    init(sequence: Int64, entry: ChangeLogEntry, load: (Set<Layer>) throws -> [Layer: [(Int64, StoredFeature)]],
         rows: (Layer, Set<String>) throws -> [String: (Int64, StoredFeature)],
         accounts: () throws -> AccountDirectory) throws {
        self.sequence = sequence
        if entry.accounts { self.accounts = try accounts() }
        if !entry.reloaded.isEmpty {
            let loaded = try load(entry.reloaded)
            for layer in entry.reloaded { reloaded[layer] = loaded[layer] ?? [] }
        }
        for (layer, ids) in entry.touched {
            let found = try rows(layer, ids)
            touched[layer] = Dictionary(uniqueKeysWithValues: ids.map { ($0, found[$0]) })
        }
    }
}

/// How a conditional commit ended.
public enum CommitOutcome: Sendable {
    /// Committed as `sequence`; the log ended at `previous` before it, and memory must apply
    /// `changes` (empty when the caller asked not to have them worked out).
    case committed(sequence: Int64, previous: Int64, changes: [StoredChange])
    /// Nothing was written: another writer committed after the sequence the caller's decision was
    /// made on; the log now ends at `logEnd`.
    case behind(logEnd: Int64)
}
