import GeoCore

/// The area a deployment's data should lie in, as an envelope in the working CRS. Records outside
/// it are reported, not refused: a point in the sea off Shanghai is usually a swapped lon/lat or a
/// wrong CRS, which the officer importing the layer should see before anyone queries it.
public struct DeploymentArea: Sendable, Hashable {
    public var envelope: Envelope

    public init(envelope: Envelope) {
        self.envelope = envelope
    }

    /// Shanghai's extent (lon 120.85–122.2, lat 30.67–31.88).
    public static let shanghaiLonLat = Envelope(minX: 120.85, minY: 30.67, maxX: 122.2, maxY: 31.88)

    /// A lon/lat box carried into `working`: each edge is sampled (a projected box's edges curve),
    /// and the envelope of the samples is the area.
    public init(lonLat box: Envelope, working: String, provider: any CRSProvider) throws(CityImportError) {
        var xs: [Double] = [], ys: [Double] = []
        let steps = 16
        for i in 0...steps {
            let t = Double(i) / Double(steps)
            let x = box.minX + t * (box.maxX - box.minX), y = box.minY + t * (box.maxY - box.minY)
            xs += [x, x, box.minX, box.maxX]
            ys += [box.minY, box.maxY, y, y]
        }
        do {
            try provider.transformation(from: "EPSG:4326", to: working).transform(x: &xs, y: &ys)
        } catch {
            throw .crs(parameter: working, reason: "cannot carry the deployment area into the working CRS: \(error)")
        }
        envelope = Envelope(covering: zip(xs, ys).map { Point(x: $0, y: $1) })
    }

    public func contains(_ geometry: Geometry) -> Bool {
        envelope.contains(geometry.envelope)
    }
}
