/// Failed logins slow down per account and per address. The rule is pure and tested without
/// clocks; the state lives in `LoginThrottle`, an actor with an injected clock.
///
/// Waits rather than lock-outs: a lock-out would let anyone shut a colleague out by typing
/// wrong passwords for them, while doubling waits still hold a guesser to a handful of tries
/// an hour.
public struct ThrottleRule: Sendable, Equatable {
    /// Failures allowed before any wait: after that many, the next attempt waits `firstDelay`.
    public var freeFailures: Int
    /// The wait after the first failure past the free ones, doubling each further failure.
    public var firstDelay: Duration
    public var maximumDelay: Duration
    /// A key with no failure for this long starts over.
    public var forgetAfter: Duration

    public init(freeFailures: Int, firstDelay: Duration, maximumDelay: Duration, forgetAfter: Duration) {
        self.freeFailures = freeFailures
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.forgetAfter = forgetAfter
    }

    /// 5 free, 1 s doubling, at most 15 min, forgotten after 1 h.
    public static let perAccount = ThrottleRule(
        freeFailures: 5, firstDelay: .seconds(1), maximumDelay: .seconds(15 * 60), forgetAfter: .seconds(60 * 60))

    /// 50 free, because municipal offices sit behind one NAT and a Monday morning of typos from a
    /// whole office must not lock it out; otherwise as `perAccount`.
    public static let perAddress = ThrottleRule(
        freeFailures: 50, firstDelay: .seconds(1), maximumDelay: .seconds(15 * 60), forgetAfter: .seconds(60 * 60))

    /// The wait required after `failures` consecutive failures: none before `freeFailures`, then
    /// `firstDelay`, twice that, four times … up to `maximumDelay`.
    public func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0, failures >= freeFailures else { return .zero }
        // Doubling step by step stops at the cap, so a huge count cannot overflow.
        var delay = firstDelay
        var doublings = failures - freeFailures
        while doublings > 0, delay > .zero, delay < maximumDelay {
            delay *= 2
            doublings -= 1
        }
        return min(delay, maximumDelay)
    }
}
