import CityModel
@testable import CityQuery
import GeoCore
import Testing
import TestSupport

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

    /// The masking over bytes against the rule written over Characters (as it first was), on seeded
    /// random texts of digits, separators, X and Chinese.
    @Test func numbersMaskedOverBytesAsOverCharacters() {
        func reference(_ text: String, everyDigitRun: Bool) -> String {
            let chars = Array(text)
            var out = "", i = 0
            while i < chars.count {
                guard chars[i].isASCII, chars[i].isNumber else { out.append(chars[i]); i += 1; continue }
                var j = i, digits: [Int] = []
                while j < chars.count {
                    if chars[j].isASCII, chars[j].isNumber { digits.append(j); j += 1; continue }
                    if chars[j] == "-" || chars[j] == " ", j + 1 < chars.count, chars[j + 1].isASCII, chars[j + 1].isNumber { j += 1; continue }
                    break
                }
                var end = j
                if digits.count == 17, end < chars.count, chars[end] == "X" || chars[end] == "x" { digits.append(end); end += 1 }
                let n = digits.count, first = chars[digits[0]]
                let personal = everyDigitRun ? n >= 7 : (n == 11 && first == "1") || n == 18 || ((10...12).contains(n) && first == "0")
                if personal {
                    let keepFirst = n == 18 ? 4 : 3
                    let hidden = Set(digits[keepFirst..<max(keepFirst, n - 4)])
                    for k in i..<end { out.append(hidden.contains(k) ? "*" : chars[k]) }
                } else {
                    out.append(contentsOf: chars[i..<end])
                }
                i = end
            }
            return out
        }
        var rng = SplitMix64(seed: TestSeed.value("personalData", default: 3))
        let alphabet: [String] = ["0", "1", "1", "3", "5", "8", "9", "-", " ", "X", "x", "电", "话", "a", "：", "--"]
        var masked = 0
        for _ in 0..<4000 {
            let text = (0..<rng.next(41)).map { _ in rng.next(3) == 0 ? alphabet[rng.next(alphabet.count)] : String(rng.next(10)) }.joined()
            for every in [false, true] {
                let got = PersonalData.maskNumbers(in: text, everyDigitRun: every)
                #expect(got == reference(text, everyDigitRun: every), "\(text) everyDigitRun \(every)")
                if got != text { masked += 1 }
            }
        }
        #expect(masked > 1000, "only \(masked) texts had a number to mask")
    }

    @Test func namesOfEveryLength() {
        #expect(PersonalData.maskName("范艳") == "范*")
        #expect(PersonalData.maskName("欧阳娜娜") == "欧**娜")
        #expect(PersonalData.maskName("王") == "*")
    }
}
