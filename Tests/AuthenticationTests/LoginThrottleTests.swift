import Foundation
import Synchronization
import Testing

@testable import Authentication

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let date = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    var now: Date { date.withLock { $0 } }
    func advance(_ duration: Duration) {
        date.withLock { $0 += Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18 }
    }
    func throttle(maximumKeys: Int = 100_000) -> LoginThrottle {
        LoginThrottle(maximumKeys: maximumKeys, now: { self.now })
    }
}

@Suite struct LoginThrottleTests {
    let account = "7d3c1a52-0000-4000-8000-000000000001/anna@kommun.se"
    let address = "192.0.2.10"

    @Test func sixthAttemptWaitsAndWaitingFreesIt() async {
        let clock = ManualClock()
        let throttle = clock.throttle()
        for _ in 0..<5 {
            #expect(await throttle.retryAfter(account: account, address: address) == nil)
            await throttle.recordFailure(account: account, address: address)
        }
        #expect(await throttle.retryAfter(account: account, address: address) == .seconds(1))
        clock.advance(.milliseconds(400))
        #expect(await throttle.retryAfter(account: account, address: address) == .milliseconds(600))
        clock.advance(.milliseconds(600))
        #expect(await throttle.retryAfter(account: account, address: address) == nil)
        await throttle.recordFailure(account: account, address: address)
        #expect(await throttle.retryAfter(account: account, address: address) == .seconds(2))
    }

    @Test func otherAccountsAreNotSlowedByOne() async {
        let clock = ManualClock()
        let throttle = clock.throttle()
        for _ in 0..<5 { await throttle.recordFailure(account: account, address: address) }
        #expect(await throttle.retryAfter(account: account, address: nil) != nil)
        #expect(await throttle.retryAfter(account: "other/bo@kommun.se", address: address) == nil)
    }

    @Test func successClearsTheAccountButNotTheAddress() async {
        let clock = ManualClock()
        let throttle = clock.throttle()
        for index in 0..<50 {
            await throttle.recordFailure(account: "office/user\(index)@kommun.se", address: address)
        }
        for _ in 0..<5 { await throttle.recordFailure(account: account, address: nil) }
        #expect(await throttle.retryAfter(account: account, address: nil) == .seconds(1))
        await throttle.recordSuccess(account: account, address: address)
        #expect(await throttle.retryAfter(account: account, address: nil) == nil)
        // The address made 50 failures: the next try from it waits, whichever the account.
        #expect(await throttle.retryAfter(account: account, address: address) == .seconds(1))
        #expect(await throttle.retryAfter(account: "office/new@kommun.se", address: address) == .seconds(1))
    }

    @Test func theLongerWaitWins() async {
        let clock = ManualClock()
        let throttle = clock.throttle()
        for _ in 0..<8 { await throttle.recordFailure(account: account, address: nil) }
        #expect(await throttle.retryAfter(account: account, address: address) == .seconds(8))
    }

    @Test func forgetsAfterAnHourWithoutFailure() async {
        let clock = ManualClock()
        let throttle = clock.throttle()
        for _ in 0..<20 { await throttle.recordFailure(account: account, address: address) }
        #expect(await throttle.retryAfter(account: account, address: address) == .seconds(15 * 60))
        clock.advance(.seconds(59 * 60))
        await throttle.recordFailure(account: account, address: address)
        clock.advance(.seconds(59 * 60))
        #expect(await throttle.retryAfter(account: account, address: address) == nil)
        await throttle.recordFailure(account: account, address: address)
        #expect(await throttle.retryAfter(account: account, address: address) == .seconds(15 * 60))
        clock.advance(.seconds(60 * 60))
        #expect(await throttle.retryAfter(account: account, address: address) == nil)
        await throttle.recordFailure(account: account, address: address)
        #expect(await throttle.retryAfter(account: account, address: address) == nil)
        #expect(await throttle.heldKeys == 2)
    }

    @Test func dropsForgottenKeysOnItsOwn() async {
        let clock = ManualClock()
        let throttle = clock.throttle()
        for index in 0..<30 { await throttle.recordFailure(account: "office/user\(index)", address: nil) }
        #expect(await throttle.heldKeys == 30)
        clock.advance(.seconds(2 * 60 * 60))
        await throttle.recordFailure(account: account, address: nil)
        #expect(await throttle.heldKeys == 1)
    }

    @Test func keyCountStaysBoundedAndTheNewestStay() async {
        let clock = ManualClock()
        let throttle = clock.throttle(maximumKeys: 10)
        for index in 0..<50 {
            for _ in 0..<5 { await throttle.recordFailure(account: "office/user\(index)", address: nil) }
            clock.advance(.milliseconds(10))
            #expect(await throttle.heldKeys <= 10)
        }
        #expect(await throttle.heldKeys > 0)
        #expect(await throttle.retryAfter(account: "office/user49", address: nil) != nil)
        #expect(await throttle.retryAfter(account: "office/user0", address: nil) == nil)
    }

    @Test func aClockSetBackDoesNotStretchTheWait() async {
        let clock = ManualClock()
        let throttle = clock.throttle()
        for _ in 0..<5 { await throttle.recordFailure(account: account, address: nil) }
        clock.advance(.seconds(-3600))
        #expect(await throttle.retryAfter(account: account, address: nil) == .seconds(1))
    }
}
