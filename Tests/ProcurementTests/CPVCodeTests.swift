import Foundation
import Procurement
import Testing

@Suite struct CPVCodeTests {
    @Test func splitsIntoDivisionGroupAndDigits() throws {
        let code = try #require(CPVCode("03111000-2"))
        #expect(code.code == "03111000-2")
        #expect(code.digits == "03111000")
        #expect(code.division == "03")
        #expect(code.group == "031")
        #expect(code.description == "03111000-2")
    }

    @Test(arguments: [
        "", "03111000", "03111000-", "0311100-2", "03111000-22", " 03111000-2", "03111000-2 ", "03111000 2",
        "03111000\u{2013}2", "O3111000-2", "031110000-2", "\u{0660}3111000-2", "03111000-x", "3111000-2-",
    ])
    func refusesAnythingButTheExactForm(text: String) {
        #expect(CPVCode(text) == nil)
    }

    @Test func acceptsEveryCodeOfTheVocabulary() throws {
        let lines = try ReferenceData.text("cpv.csv").split(whereSeparator: \.isNewline).dropFirst()
        let codes = lines.map { String($0.prefix { $0 != "," }) }
        #expect(codes.count == 9454)
        #expect(codes.allSatisfy { CPVCode($0) != nil })
    }

    @Test func ordersByCode() {
        #expect(cpv("03111000-2") < cpv("30192000-1"))
        #expect([cpv("45000000-7"), cpv("09310000-5")].sorted() == [cpv("09310000-5"), cpv("45000000-7")])
    }

    @Test func codesAsAPlainString() throws {
        let data = try JSONEncoder().encode([cpv("30192000-1")])
        #expect(String(decoding: data, as: UTF8.self) == #"["30192000-1"]"#)
        #expect(try JSONDecoder().decode([CPVCode].self, from: data) == [cpv("30192000-1")])
    }

    @Test func decodingNamesWhatIsWrong() {
        do {
            _ = try JSONDecoder().decode([CPVCode].self, from: Data(#"["30192000"]"#.utf8))
            Issue.record("decoded a code without its check digit")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription.contains("eight digits, a hyphen and a check digit"))
            #expect(context.debugDescription.contains("30192000"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
