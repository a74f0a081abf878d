import CityServer
import CityStore
import GeoCore
import Hummingbird
import HummingbirdTesting
import Testing

/// The dashboard's and the monthly report's routes: status, media type, the shape the page reads,
/// and 400s naming the parameter (recorded, so scripts/test-openapi holds them to the document).
@Suite struct AssessmentAPITests {
    @Test func dashboardAnswersThirtyDaysAndRankings() async throws {
        let app = Fixture.app(store: try Fixture.makeStore())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/dashboard?asOf=2026-11-28T15:00:00%2B08:00", method: .get) { response in
                #expect(response.status == .ok)
                let d = try response.json()
                #expect(d["asOf"]?.stringValue == "2026-11-28T15:00:00+08:00")
                #expect(d["windowStart"]?.stringValue == "2026-10-30T00:00:00+08:00")
                #expect(d["days"]?.arrayValue?.count == 30 && d["days"]?.arrayValue?.last?.stringValue == "2026-11-28")
                for key in ["reported", "registered", "dispatched", "closed", "overdue"] {
                    #expect(d["today"]?[key]?.doubleValue != nil, "today.\(key)")
                }
                for line in d["subDistricts"]?.arrayValue ?? [] { #expect(line["daily"]?.arrayValue?.count == 30) }
            }
            try await client.execute(uri: "/api/v1/dashboard?asOf=yesterday", method: .get) { response in
                #expect(response.status == .badRequest)
                let problem = try response.json()
                #expect(problem["invalid-params"]?[0]?["name"]?.stringValue == "asOf")
            }
        }
    }

    @Test func reportInEachFormat() async throws {
        let app = Fixture.app(store: try Fixture.makeStore())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/reports/2026-11", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let html = String(buffer: response.body)
                #expect(html.contains("城市管理综合评价月报 2026年11月") && html.contains("网格案件分布图"))
            }
            try await client.execute(uri: "/api/v1/reports/2026-11?format=xlsx", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                #expect(Array(response.body.readableBytesView.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])   // a ZIP's local header
                #expect(response.headers[.contentDisposition]?.contains("citygrid-report-2026-11.xlsx") == true)
            }
            for (uri, parameter) in [("/api/v1/reports/2026-13", "period"), ("/api/v1/reports/2026-11?format=doc", "format"),
                                     ("/api/v1/reports/2026-11?subDistrict=%E6%97%A0", "subDistrict")] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    let problem = try response.json()
                    #expect(problem["invalid-params"]?[0]?["name"]?.stringValue == parameter, "\(uri)")
                }
            }
        }
    }
}
