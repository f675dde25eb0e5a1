import Procurement
import Testing

@Suite struct CostSharingTests {
    @Test func theExtraOreGoesToTheSmallestKeyOnATie() throws {
        let parts = try CostSharing.allocate(Money(ore: 100), by: ["Krokom": 1, "Berg": 1, "Östersund": 1])
        #expect(parts == ["Berg": Money(ore: 34), "Krokom": Money(ore: 33), "Östersund": Money(ore: 33)])
    }

    @Test func theExtraOreGoesToTheLargestRemainder() throws {
        #expect(try CostSharing.allocate(Money(ore: 10), by: ["a": 1, "b": 2]) == ["a": Money(ore: 3), "b": Money(ore: 7)])
        // Exact shares 1.4, 2.1, 3.5: floors 1, 2, 3 and one öre left, to c (remainder .5).
        #expect(try CostSharing.allocate(Money(ore: 7), by: [1: 2, 2: 3, 3: 5]) == [1: Money(ore: 1), 2: Money(ore: 2), 3: Money(ore: 4)])
    }

    @Test func byPopulation() throws {
        let populations: [String: Int64] = ["Berg": 6_900, "Krokom": 15_300, "Åre": 11_900, "Östersund": 64_600]
        let parts = try CostSharing.allocate(kr("250000"), by: populations)
        #expect(parts.values.reduce(.zero, +) == kr("250000"))
        // 250 000 × 64 600 / 98 700 = 163 627.152…
        #expect(parts["Östersund"] == kr("163627.15"))
        #expect(parts["Berg"] == kr("17477.20"))
        #expect(CostBasis.population.swedishName == "Efter invånarantal")
        #expect(CostBasis.volume.swedishName == "Efter volym")
    }

    @Test func aZeroWeightPaysNothing() throws {
        #expect(try CostSharing.allocate(Money(ore: 101), by: ["a": 0, "b": 1, "c": 1]) == ["a": .zero, "b": Money(ore: 51), "c": Money(ore: 50)])
        #expect(try CostSharing.allocate(.zero, by: ["a": 5]) == ["a": .zero])
    }

    @Test func handlesTheLargestAmountsExactly() throws {
        let parts = try CostSharing.allocate(Money(ore: .max), by: [1: .max, 2: .max, 3: 1])
        #expect(parts.values.map { Int128($0.ore) }.reduce(0, +) == Int128(Int64.max))
        #expect(parts[3] == Money(ore: 0) || parts[3] == Money(ore: 1))
    }

    @Test func refusesWhatCannotBeShared() {
        #expect(throws: CostSharingProblem.noWeights) { try CostSharing.allocate(Money(ore: 100), by: [String: Int64]()) }
        #expect(throws: CostSharingProblem.negativeWeight(-5)) { try CostSharing.allocate(Money(ore: 100), by: ["a": 3, "b": -5, "c": -1]) }
        #expect(throws: CostSharingProblem.allWeightsZero) { try CostSharing.allocate(Money(ore: 100), by: ["a": 0, "b": 0]) }
        #expect(throws: CostSharingProblem.negativeTotal(Money(ore: -1))) { try CostSharing.allocate(Money(ore: -1), by: ["a": 1]) }
        #expect(CostSharingProblem.allWeightsZero.swedishMessage.contains("noll"))
        #expect(CostSharingProblem.negativeTotal(Money(ore: -1)).swedishMessage.contains("negativt"))
    }
}
