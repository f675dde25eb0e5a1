import Authentication
import Testing

@Suite struct ThrottleRuleTests {
    @Test func freeFailuresThenDoubling() {
        let rule = ThrottleRule.perAccount
        for failures in 0..<5 { #expect(rule.delay(afterFailures: failures) == .zero) }
        #expect(rule.delay(afterFailures: 5) == .seconds(1))
        #expect(rule.delay(afterFailures: 6) == .seconds(2))
        #expect(rule.delay(afterFailures: 7) == .seconds(4))
        #expect(rule.delay(afterFailures: 8) == .seconds(8))
    }

    @Test func cappedAtTheMaximum() {
        let rule = ThrottleRule.perAccount
        #expect(rule.delay(afterFailures: 14) == .seconds(512))
        #expect(rule.delay(afterFailures: 15) == .seconds(15 * 60))
        #expect(rule.delay(afterFailures: 1000) == .seconds(15 * 60))
        #expect(rule.delay(afterFailures: .max) == .seconds(15 * 60))
    }

    @Test func perAddressAllowsAWholeOffice() {
        let rule = ThrottleRule.perAddress
        #expect(rule.delay(afterFailures: 49) == .zero)
        #expect(rule.delay(afterFailures: 50) == .seconds(1))
        #expect(rule.maximumDelay == .seconds(15 * 60))
        #expect(rule.forgetAfter == .seconds(60 * 60))
        #expect(ThrottleRule.perAccount.forgetAfter == .seconds(60 * 60))
    }

    @Test func negativeCountsWaitNothing() {
        #expect(ThrottleRule.perAccount.delay(afterFailures: -3) == .zero)
    }
}
