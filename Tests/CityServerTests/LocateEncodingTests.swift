@testable import CityServer
import CityQuery
import Foundation
import GeoCore
import Testing

/// The locate answer built member by member must be the Codable encoding of the same answer.
@Suite struct LocateEncodingTests {
    static let answers = [
        #"{"x":1.5,"y":-2,"redLineVerdict":"outside","constructionWasteLiability":"environmentalPollution"}"#,
        #"""
        {"x":450123.25,"y":3455000.125,"cell":{"code":"310101-002-001-0001","subDistrict":"南京东路街道","community":"贵州居委会","officer":"网格员1"},
         "parcel":{"number":"P-W","landUse":"commercial","holder":"甲公司"},
         "segment":{"id":"S1","roadName":"南京东路","distanceMeters":40.5,"chief":{"id":"A","name":"张路长","unit":"南京东路街道","phone":"021-63211111"}},
         "redLine":{"id":"RL-1","roadName":"南京东路","signedDistanceMeters":-3.25,"toleranceMeters":5,"verdict":"needsOnSiteConfirmation"},
         "redLineVerdict":"needsOnSiteConfirmation","constructionWasteLiability":"needsConfirmation"}
        """#,
        #"""
        {"x":0,"y":0,"cell":{"code":"310101-002-001-0002","subDistrict":"s","community":"c"},"parcel":{"number":"n","landUse":"residential"},
         "segment":{"id":"S2","roadName":"r","distanceMeters":0},"redLineVerdict":"inside","constructionWasteLiability":"trafficSafety",
         "redLine":{"id":"RL","roadName":"r","signedDistanceMeters":12,"toleranceMeters":5,"verdict":"inside"}}
        """#,
    ]

    @Test(arguments: answers) func memberByMemberEqualsTheCodableEncoding(json: String) throws {
        let result = try JSONDecoder().decode(LocateResult.self, from: Data(json.utf8))
        #expect(JSONValue.object(result.jsonObject) == (try QueryEncoding.value(result)))
    }
}
