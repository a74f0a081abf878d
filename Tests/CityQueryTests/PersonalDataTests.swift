import CityModel
@testable import CityQuery
import GeoCore
import Testing

/// The masks, checked on values written by hand (not made by the code under test).
@Suite struct PersonalDataTests {
    func masked(_ json: String) throws -> String {
        PersonalData.redacted(try JSONValue(parsing: json)).jsonString
    }

    @Test func chiefsHoldersAndCitizensAreMaskedWhereverTheySit() throws {
        #expect(try masked(#"{"chief":{"id":"RC-1","name":"范艳","unit":"区绿化市容局","phone":"189-9219-4691"}}"#)
                == #"{"chief":{"id":"RC-1","name":"范*","unit":"区绿化市容局","phone":"189-****-4691"}}"#)
        #expect(try masked(#"{"holder":"朱浩俊","address":"定兴路885弄42号"}"#) == #"{"holder":"朱*俊","address":"定兴路885弄42号"}"#)
        #expect(try masked(#"{"reportedFor":"张三 13812345678"}"#) == #"{"reportedFor":"张* 138****5678"}"#)
        // A shop's name is not a person's: only a chief's name is.
        #expect(try masked(#"{"name":"外滩美甲店"}"#) == #"{"name":"外滩美甲店"}"#)
    }

    @Test func anIndividualsLicenceIsMaskedACompanysIsNot() throws {
        #expect(try masked(#"{"licenceNumber":"92310101MA1K4XQ07B"}"#) == #"{"licenceNumber":"923101**********7B"}"#)
        #expect(try masked(#"{"licenceNumber":"91310101LEMPQMP0FF"}"#) == #"{"licenceNumber":"91310101LEMPQMP0FF"}"#)
    }

    @Test func importColumnsNamedLikeAPersonAreMasked() throws {
        #expect(try masked(#"{"extra":{"CHIEF_TEL":"021-63211234","联系人":"李四","TRADE_NO":"A12"}}"#)
                == #"{"extra":{"CHIEF_TEL":"021-****1234","联系人":"李*","TRADE_NO":"A12"}}"#)
    }

    @Test func numbersWrittenIntoTextAreMaskedOthersAreNot() throws {
        #expect(PersonalData.maskNumbers(in: "举报人电话13912345678，身份证310101199001011234") == "举报人电话139****5678，身份证3101**********1234")
        #expect(PersonalData.maskNumbers(in: "身份证31010119900101123X") == "身份证3101**********123X")
        #expect(PersonalData.maskNumbers(in: "座机 021-6321 1234") == "座机 021-**** 1234")
        // Dates, case numbers, grid codes and street numbers stay.
        for kept in ["2026-11-17T03:00:00+08:00", "C20261203-00012", "310101-018-003-0007", "延安东路451号", "AJ-310101-000001"] {
            #expect(PersonalData.maskNumbers(in: kept) == kept)
        }
    }

    @Test func namesOfEveryLength() {
        #expect(PersonalData.maskName("范艳") == "范*")
        #expect(PersonalData.maskName("欧阳娜娜") == "欧**娜")
        #expect(PersonalData.maskName("王") == "*")
    }
}
