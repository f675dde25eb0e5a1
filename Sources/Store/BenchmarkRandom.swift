import Foundation

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny generator whose whole state is one 64-bit
/// word, so the benchmark data set is the same for the same seed on every machine and every
/// Swift version. `SystemRandomNumberGenerator` is not seedable, and the standard library
/// promises nothing about the algorithm behind `Int.random(in:)` with a custom generator across
/// versions: the helpers below therefore draw from `next()` themselves.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `range`, by multiply-shift (Lemire): the tiny bias is of no matter for test data.
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        let high = next().multipliedFullWidth(by: width).high
        return range.lowerBound + Int(high)
    }

    /// True with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < probability
    }

    public mutating func pick<T>(_ values: [T]) -> T { values[int(0...values.count - 1)] }

    /// `count` distinct indices below `limit`, in the order drawn (partial Fisher–Yates).
    public mutating func sample(_ count: Int, below limit: Int) -> [Int] {
        var pool = Array(0..<limit)
        let wanted = min(count, limit)
        for index in 0..<wanted { pool.swapAt(index, int(index...limit - 1)) }
        return Array(pool.prefix(wanted))
    }

    /// A version 4 UUID from the stream: reproducible identifiers for the same seed.
    public mutating func uuid() -> UUID {
        let a = next(), b = next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: a >> (8 * index))
            bytes[8 + index] = UInt8(truncatingIfNeeded: b >> (8 * index))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
