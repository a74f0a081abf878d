/// Records decoded many at a time on all cores. Every record of a shapefile can be found and read
/// on its own (the .shx gives its offset, the .dbf is fixed-width), so only the order of results
/// needs care: records, warnings and the first error come back as `next()` would give them.
extension ShapefileReader {
    public func nextFeatures(upTo count: Int) throws(GeoIOError) -> [SourceFeature] {
        var end = position
        let indices: [Int] = {
            var found: [Int] = []
            found.reserveCapacity(Swift.min(count, recordCount - position))
            while found.count < count, end < recordCount {
                if dbf?.isDeleted(end) != true { found.append(end) }
                end += 1
            }
            return found
        }()
        let records = self.records, fields = self.fields, encoding = self.encoding.encoding
        let parts = ParallelRanges.map(count: indices.count) { range -> Part in
            var part = Part(failedAt: indices[range.lowerBound])
            part.features.reserveCapacity(range.count)
            do throws(GeoIOError) {
                // Its own decoder: iconv keeps conversion state in the handle.
                let decoder = try TextDecoder(encoding)
                for k in range {
                    part.failedAt = indices[k]
                    part.features.append(Self.feature(try records.record(indices[k], decoder: decoder, warnings: &part.warnings), fields: fields))
                }
            } catch {
                part.error = error
            }
            return part
        }
        var features: [SourceFeature] = []
        features.reserveCapacity(indices.count)
        for part in parts {
            warnings += part.warnings
            if let error = part.error {
                // Where `next()` would be after throwing: past the record that failed.
                position = part.failedAt + 1
                throw error
            }
            features += part.features
        }
        records.release(position..<end)
        position = end
        return features
    }

    /// The features of one range, its warnings, and the error that stopped it.
    private struct Part: Sendable {
        var features: [SourceFeature] = []
        var warnings: [GeoIOWarning] = []
        var error: GeoIOError?
        /// The record being decoded when `error` was thrown.
        var failedAt: Int
    }
}
