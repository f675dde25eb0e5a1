import Foundation

/// Counts failed logins per account and per address and says how long the next attempt must
/// wait. The caller asks `retryAfter` before checking a password and refuses without checking
/// (and without recording) while a wait remains.
///
/// Memory stays bounded whatever an attacker sends: keys whose last failure is older than their
/// rule's `forgetAfter` are dropped, and beyond `maximumKeys` the oldest go.
public actor LoginThrottle {
    enum Key: Hashable {
        case account(String)
        case address(String)
    }

    struct Failures {
        var count: Int
        var last: Date
    }

    let accountRule: ThrottleRule
    let addressRule: ThrottleRule
    let maximumKeys: Int
    let now: @Sendable () -> Date
    private var failures: [Key: Failures] = [:]
    private var lastSweep: Date

    public init(
        account: ThrottleRule = .perAccount,
        address: ThrottleRule = .perAddress,
        maximumKeys: Int = 100_000,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        precondition(maximumKeys > 0)
        self.accountRule = account
        self.addressRule = address
        self.maximumKeys = maximumKeys
        self.now = now
        self.lastSweep = now()
    }

    /// How long the caller must still wait before trying this account from this address; nil
    /// means try now. The larger of the two waits.
    public func retryAfter(account: String, address: String?) -> Duration? {
        let at = now()
        let waits = keys(account: account, address: address).map { wait(for: $0, at: at) }
        let longest = waits.max() ?? .zero
        return longest > .zero ? longest : nil
    }

    public func recordFailure(account: String, address: String?) {
        let at = now()
        for key in keys(account: account, address: address) {
            if let previous = current(key, at: at) {
                failures[key] = Failures(count: previous.count + 1, last: max(previous.last, at))
            } else {
                failures[key] = Failures(count: 1, last: at)
            }
        }
        keepBounded(at: at)
    }

    /// Clears the account's failures (not the address's: one right password must not wipe out
    /// the guessing an address did on other accounts).
    public func recordSuccess(account: String, address: String?) {
        failures[.account(account)] = nil
    }

    /// For tests: how many keys are remembered.
    var heldKeys: Int { failures.count }
}

extension LoginThrottle {
    private func keys(account: String, address: String?) -> [Key] {
        [.account(account)] + (address.map { [.address($0)] } ?? [])
    }

    private func rule(for key: Key) -> ThrottleRule {
        switch key {
        case .account: accountRule
        case .address: addressRule
        }
    }

    /// The key's failures, unless they are old enough to forget (which then happens).
    private func current(_ key: Key, at: Date) -> Failures? {
        guard let entry = failures[key] else { return nil }
        if Self.elapsed(from: entry.last, to: at) >= rule(for: key).forgetAfter {
            failures[key] = nil
            return nil
        }
        return entry
    }

    private func wait(for key: Key, at: Date) -> Duration {
        guard let entry = current(key, at: at) else { return .zero }
        let delay = rule(for: key).delay(afterFailures: entry.count)
        return delay - Self.elapsed(from: entry.last, to: at)
    }

    /// Never negative: the wall clock can be set back, and that must not stretch a wait.
    /// Whole milliseconds: `Date` is floating point, and a wait needs no finer grain.
    static func elapsed(from start: Date, to end: Date) -> Duration {
        .milliseconds(Int64((max(0, end.timeIntervalSince(start)) * 1000).rounded()))
    }

    /// Sweeps out forgotten keys now and then, and evicts the oldest when there are too many.
    /// Eviction goes down to 90 % in one sort, so that a flood of new keys costs a sort per
    /// tenth of the table rather than a scan per request.
    private func keepBounded(at: Date) {
        let shortestMemory = min(accountRule.forgetAfter, addressRule.forgetAfter)
        if failures.count > maximumKeys || Self.elapsed(from: lastSweep, to: at) >= shortestMemory {
            failures = failures.filter { key, entry in
                Self.elapsed(from: entry.last, to: at) < rule(for: key).forgetAfter
            }
            lastSweep = at
        }
        guard failures.count > maximumKeys else { return }
        let keep = maximumKeys - maximumKeys / 10
        let oldestFirst = failures.sorted { $0.value.last < $1.value.last }
        for (key, _) in oldestFirst.prefix(failures.count - keep) { failures[key] = nil }
    }
}
