import CityModel
import Foundation

/// Who imports and through what (`citygrid import`, `citygrid load`): each layer an import
/// writes gets a `layer.import` line in the audit trail, in the import's own transaction, so a
/// layer replaced wholesale has a name on it like every other write.
public struct ImportAuthor: Sendable {
    public var principal: Principal
    /// The command, as the trail's `via` shows it ("citygrid import storefronts").
    public var via: String
    public var at: Date

    public init(principal: Principal, via: String, at: Date = Date()) {
        self.principal = principal
        self.via = via
        self.at = at
    }

    /// The trail's line for `layer` read from `path`. The file's name only: a full path tells
    /// the auditor about the operator's disk, not about the data.
    func entry(_ layer: Layer, path: String) -> AuditEntry {
        AuditEntry(by: principal, at: at, via: via, action: .layerImported, subject: layer.rawValue,
                   detail: "imported from " + URL(fileURLWithPath: path).lastPathComponent)
    }
}
