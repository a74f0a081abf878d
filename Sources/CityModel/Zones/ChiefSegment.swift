/// A road-chief segment with its chief (路长制): who answers for this stretch of road is one read,
/// so the two are kept and answered together.
public struct ChiefSegment: Codable, Sendable, Hashable {
    public var segment: RoadSegment
    public var chief: RoadChief?

    public init(segment: RoadSegment, chief: RoadChief?) {
        self.segment = segment
        self.chief = chief
    }
}
