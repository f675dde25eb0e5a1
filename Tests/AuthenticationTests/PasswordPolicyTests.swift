import Authentication
import Testing

@Suite struct PasswordPolicyTests {
    @Test func needsTwelveCharacters() {
        #expect(PasswordPolicy.check("elva tecken") == .tooShort(minimum: 12))
        #expect(PasswordPolicy.check("tolv tecken!") == nil)
        #expect(PasswordPolicy.check("") == .tooShort(minimum: 12))
        // Characters as people count them: twelve letters, some of them two bytes.
        #expect(PasswordPolicy.check("åäöåäöåäöåäö") == nil)
        #expect(PasswordPolicy.check("åäöåäöåäöåä") == .tooShort(minimum: 12))
    }

    @Test func refusesMoreThan72Bytes() {
        #expect(PasswordPolicy.check(String(repeating: "a", count: 72)) == nil)
        #expect(PasswordPolicy.check(String(repeating: "a", count: 73)) == .tooLong(maximumBytes: 72))
        // 36 letters, 72 bytes: fine; one more letter is too many.
        #expect(PasswordPolicy.check(String(repeating: "å", count: 36)) == nil)
        #expect(PasswordPolicy.check(String(repeating: "å", count: 36) + "a") == .tooLong(maximumBytes: 72))
        #expect(PasswordPolicy.check(String(repeating: "🔑", count: 19)) == .tooLong(maximumBytes: 72))
    }

    @Test(arguments: ["nollbyte\0här", "tabb\thär inne", "rad\nbrytning här", "delete\u{7F}tecken", "c1\u{85}styrtecken"])
    func refusesControlCharacters(password: String) {
        #expect(PasswordPolicy.check(password) == .containsControlCharacters)
    }

    @Test func acceptsSpacesAndPunctuation() {
        #expect(PasswordPolicy.check("  mellanslag  och \"citat\" ") == nil)
    }

    @Test(arguments: [
        PasswordProblem.tooShort(minimum: 12), .tooLong(maximumBytes: 72), .containsControlCharacters,
    ])
    func explainsItselfInBothLanguages(problem: PasswordProblem) {
        #expect(!problem.swedishMessage.isEmpty)
        #expect(!problem.englishMessage.isEmpty)
        #expect(problem.swedishMessage != problem.englishMessage)
    }

    @Test func messagesCarryTheNumbers() {
        #expect(PasswordProblem.tooShort(minimum: 12).swedishMessage == "Lösenordet måste ha minst 12 tecken.")
        #expect(PasswordProblem.tooShort(minimum: 12).englishMessage == "the password must have at least 12 characters")
        #expect(PasswordProblem.tooLong(maximumBytes: 72).swedishMessage.contains("72"))
        #expect(PasswordProblem.tooLong(maximumBytes: 72).englishMessage.contains("72"))
    }
}
