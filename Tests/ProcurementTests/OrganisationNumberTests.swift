import Foundation
import Procurement
import Testing

@Suite struct OrganisationNumberTests {
    @Test func acceptsValidNumbersWithOrWithoutHyphen() throws {
        let demo = DemoNumbers.valid
        #expect(try OrganisationNumber(demo).digits == demo.replacingOccurrences(of: "-", with: ""))
        #expect(try OrganisationNumber(demo.replacingOccurrences(of: "-", with: "")).formatted == demo)
    }

    @Test func refusesAWrongCheckDigit() {
        let digits = Array(DemoNumbers.valid.replacingOccurrences(of: "-", with: ""))
        let last = Int(String(digits.last!))!
        let wrong = String(digits.dropLast()) + String((last + 1) % 10)
        #expect(throws: OrganisationNumber.Problem.checkDigit) { try OrganisationNumber(wrong) }
    }

    @Test func refusesMalformedText() {
        #expect(throws: OrganisationNumber.Problem.wrongLength) { try OrganisationNumber("12345") }
        #expect(throws: OrganisationNumber.Problem.notDigits) { try OrganisationNumber("55660A-1234") }
        // A third digit below 2 is a personal identity number, not an organisation.
        #expect(throws: OrganisationNumber.Problem.notALegalPerson) { try OrganisationNumber("8112189876") }
    }

    @Test func luhnMatchesTheKnownExample() {
        // The worked example of Skatteverket's personnummer check: 811218-987[6].
        #expect(Luhn.checkDigit(for: [8, 1, 1, 2, 1, 8, 9, 8, 7]) == 6)
    }
}

enum DemoNumbers {
    /// 2 99999 001 and its check digit.
    static let valid: String = {
        let payload = [2, 9, 9, 9, 9, 9, 0, 0, 1]
        let text = payload.map(String.init).joined() + String(Luhn.checkDigit(for: payload))
        return String(text.prefix(6)) + "-" + String(text.suffix(4))
    }()
}
