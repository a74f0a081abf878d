/// Which way traffic may drive a road, relative to the order its centreline is drawn in: OSM's
/// `oneway=yes` is `.forward`, `oneway=-1` `.backward`. Foot traffic ignores it; see Patrol's
/// travel modes for how a bike treats it.
public enum RoadOneway: String, CaseIterable, Hashable, Sendable, Codable {
    /// Both ways.
    case no
    /// Only in the drawing direction (OSM `oneway=yes`).
    case forward
    /// Only against the drawing direction (OSM `oneway=-1`).
    case backward

    /// The value as OSM and the flat layer files write it: "yes", "-1", or "" for both ways.
    public var osmValue: String {
        switch self {
        case .no: ""
        case .forward: "yes"
        case .backward: "-1"
        }
    }

    /// Reads OSM values and their usual spellings in surveyed data; nil for text that says
    /// neither (the importer reports it by field rather than guessing two-way).
    public init?(text: String) {
        switch text.lowercased() {
        case "", "no", "false", "0", "n", "f", "否", "双向", "both": self = .no
        case "yes", "true", "1", "y", "t", "是", "单行", "单向", "forward", "ft": self = .forward
        case "-1", "reverse", "backward", "tf": self = .backward
        default: return nil
        }
    }
}
