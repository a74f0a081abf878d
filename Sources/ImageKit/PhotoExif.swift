import Foundation

/// What a photo's EXIF says about when and where it was taken, read before the served copies
/// are stripped of it. Every field is optional: many photos carry none, and a damaged EXIF block
/// is read as far as it goes rather than refusing the photo.
public struct PhotoExif: Sendable, Equatable {
    /// DateTimeOriginal as the camera wrote it ("2026:11:30 09:15:02"): a wall-clock time.
    public var dateTimeOriginal: String?
    /// OffsetTimeOriginal ("+08:00"), when the camera wrote one (EXIF 2.31 and later).
    public var offsetTimeOriginal: String?
    /// WGS-84 latitude and longitude in degrees, signed by their N/S and E/W references.
    public var latitude: Double?
    public var longitude: Double?
    /// 1–8; 1 is upright. libvips turns the image by it; kept for the record.
    public var orientation: Int?

    public init(dateTimeOriginal: String? = nil, offsetTimeOriginal: String? = nil, latitude: Double? = nil,
                longitude: Double? = nil, orientation: Int? = nil) {
        self.dateTimeOriginal = dateTimeOriginal
        self.offsetTimeOriginal = offsetTimeOriginal
        self.latitude = latitude
        self.longitude = longitude
        self.orientation = orientation
    }

    /// The instant the photo was taken. The camera's own offset wins; without one, the time is
    /// read in `zone` (the deployment's), which is what a phone set to local time wrote.
    public func takenAt(defaultZone zone: TimeZone) -> Date? {
        guard let text = dateTimeOriginal else { return nil }
        let digits = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard digits.count >= 6, (1...12).contains(digits[1]), (1...31).contains(digits[2]),
              (0...23).contains(digits[3]), (0...59).contains(digits[4]), (0...60).contains(digits[5]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = offsetTimeOriginal.flatMap(Self.zone(offset:)) ?? zone
        return calendar.date(from: DateComponents(year: digits[0], month: digits[1], day: digits[2],
                                                  hour: digits[3], minute: digits[4], second: digits[5]))
    }

    /// "+08:00" or "-05:30" as a fixed-offset zone.
    static func zone(offset text: String) -> TimeZone? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let sign = t.first, sign == "+" || sign == "-" else { return nil }
        let parts = t.dropFirst().split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, parts[0] <= 14, parts[1] < 60 else { return nil }
        return TimeZone(secondsFromGMT: (sign == "-" ? -1 : 1) * (parts[0] * 3600 + parts[1] * 60))
    }

    /// A position is only one when both halves are there and on the globe; (0, 0) is what a
    /// camera without a fix writes.
    public var position: (longitude: Double, latitude: Double)? {
        guard let latitude, let longitude, abs(latitude) <= 90, abs(longitude) <= 180,
              !(latitude == 0 && longitude == 0) else { return nil }
        return (longitude, latitude)
    }
}
