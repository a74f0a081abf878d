/// Every failure SpatialIndex reports; each case names the item and the offending value or parameter.
public enum SpatialIndexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A coordinate of item `id` is NaN or infinite; `field` is minX, minY, maxX or maxY.
    case nonFiniteCoordinate(id: Int, field: String, value: Double)
    /// Item `id` has minX > maxX or minY > maxY.
    case invertedEnvelope(id: Int, box: IndexBox)
    /// `ids` and `boxes` passed to a bulk load differ in length.
    case countMismatch(boxes: Int, ids: Int)
    /// `nodeSize` outside 2...65536.
    case invalidNodeSize(Int)
    /// Item `id` is already in the live index (insert) or appears twice in one bulk load.
    case duplicateID(Int)
    /// Item `id` is not in the live index (remove, move).
    case unknownID(Int)

    public var description: String {
        switch self {
        case let .nonFiniteCoordinate(id, field, value): "item \(id): \(field) is \(value), not a finite number"
        case let .invertedEnvelope(id, box): "item \(id): inverted envelope \(box)"
        case let .countMismatch(boxes, ids): "bulk load: \(boxes) boxes but \(ids) ids"
        case let .invalidNodeSize(size): "nodeSize \(size) is outside 2...65536"
        case let .duplicateID(id): "item \(id) is already indexed"
        case let .unknownID(id): "item \(id) is not indexed"
        }
    }
}

extension IndexBox {
    /// Throws unless all four coordinates are finite and the box is not inverted.
    func validate(id: Int) throws(SpatialIndexError) {
        if !minX.isFinite { throw .nonFiniteCoordinate(id: id, field: "minX", value: minX) }
        if !minY.isFinite { throw .nonFiniteCoordinate(id: id, field: "minY", value: minY) }
        if !maxX.isFinite { throw .nonFiniteCoordinate(id: id, field: "maxX", value: maxX) }
        if !maxY.isFinite { throw .nonFiniteCoordinate(id: id, field: "maxY", value: maxY) }
        if minX > maxX || minY > maxY { throw .invertedEnvelope(id: id, box: self) }
    }
}
