import GeoCore

/// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) as `Open311Controller` writes it.
extension Schemas {
    static let geoReportServices = S.with(S.array(S.object([
        "service_code": S.string, "service_name": S.string, "description": S.string, "metadata": S.boolean,
        "type": S.oneOf(["realtime", "batch", "blackbox"]), "keywords": S.string, "group": S.string,
    ], required: ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"])), examples: [
        [["service_code": "0103", "service_name": "占道经营", "description": "Street vending", "metadata": false, "type": "realtime",
          "keywords": "street vending", "group": "市容环境"]],
    ])

    static let geoReportServiceDefinition = S.object(["service_code": S.string, "attributes": S.array(["type": "object"], maxItems: 0)],
                                                     required: ["service_code", "attributes"])

    static let geoReportRequests = S.with(S.array(S.object([
        "service_request_id": S.string, "status": S.oneOf(["open", "closed"]), "status_notes": S.string, "service_name": S.string,
        "service_code": S.string, "description": S.string, "agency_responsible": S.nullable("string"),
        "requested_datetime": S.dateTime, "updated_datetime": S.dateTime,
        "expected_datetime": ["type": ["string", "null"], "format": "date-time"],
        "address": S.string, "lat": S.number, "long": S.number,
        "media_url": ["type": ["string", "null"], "format": "uri", "description": "The report's first photo at viewing size"],
    ], required: ["service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
                  "requested_datetime", "updated_datetime", "expected_datetime", "address", "lat", "long"])), examples: [])

    /// The create fields (form-encoded as GeoReport v2 posts them, or a JSON object of strings).
    static let geoReportCreateInput = S.object([
        "api_key": S.string, "jurisdiction_id": S.string, "service_code": S.string, "lat": S.number, "long": S.number,
        "address_string": S.string, "description": S.string, "first_name": S.string, "last_name": S.string, "email": S.string,
        "phone": S.string, "device_id": S.string, "account_id": S.string, "media_url": S.string,
    ], required: ["service_code", "lat", "long"], open: true, examples: [
        ["api_key": "sample-reporter-key-00001", "service_code": "0103", "lat": 31.2304, "long": 121.4737, "description": "占道经营"],
    ])

    static let geoReportCreated = S.with(S.array(S.object(["service_request_id": S.string, "service_notice": S.string],
                                                          required: ["service_request_id", "service_notice"]), minItems: 1, maxItems: 1),
                                         examples: [[["service_request_id": "C20260501-0001", "service_notice": "已受理 received"]]])
}
