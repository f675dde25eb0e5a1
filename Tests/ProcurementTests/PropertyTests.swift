import Foundation
import Procurement
import PropertyBased
import Testing

/// Invariants of the rules, checked on random inputs. A failure prints the input and a seed to
/// reproduce it with `.fixedSeed(…)`.
@Suite struct CostSharingProperties {
    /// The parts add up to the total, each is within one öre of its exact share, the extra öre
    /// went to the largest remainders (ties to the smaller key), and the order the dictionary was
    /// built in does not matter.
    static func check(total: Int64, weights: [Int64]) throws {
        let dictionary = Dictionary(uniqueKeysWithValues: weights.enumerated().map { ($0.offset, $0.element) })
        guard weights.contains(where: { $0 > 0 }) else {
            #expect(throws: CostSharingProblem.allWeightsZero) { try CostSharing.allocate(Money(ore: total), by: dictionary) }
            return
        }
        let parts = try CostSharing.allocate(Money(ore: total), by: dictionary)
        #expect(parts.keys.sorted() == Array(weights.indices))
        let sum = weights.reduce(Int128(0)) { $0 + Int128($1) }
        #expect(parts.values.reduce(Int128(0)) { $0 + Int128($1.ore) } == Int128(total))
        var roundedUp: [(key: Int, remainder: Int128)] = []
        var roundedDown: [(key: Int, remainder: Int128)] = []
        for (key, weight) in weights.enumerated() {
            let exact = Int128(total) * Int128(weight)  // the exact share is exact / sum
            let part = Int128(parts[key]!.ore)
            #expect((part * sum - exact).magnitude < sum.magnitude, "part \(key) is a whole öre or more from its share")
            let (floor, remainder) = exact.quotientAndRemainder(dividingBy: sum)
            #expect(part == floor || part == floor + 1)
            if part == floor + 1 { roundedUp.append((key, remainder)) } else { roundedDown.append((key, remainder)) }
        }
        for up in roundedUp {
            for down in roundedDown {
                #expect(up.remainder > down.remainder || (up.remainder == down.remainder && up.key < down.key),
                        "öre went to \(up.key) before \(down.key)")
            }
        }
        var rebuilt = [Int: Int64](minimumCapacity: 97)
        for (key, weight) in dictionary.sorted(by: { $0.key > $1.key }) { rebuilt[key] = weight }
        #expect(try CostSharing.allocate(Money(ore: total), by: rebuilt) == parts)
    }

    @Test func smallWeightsWithManyTies() async {
        await propertyCheck(count: 300, input: Gen.int64(in: 0...10_000), Gen.int64(in: 0...4).array(of: 1...9)) { total, weights in
            try Self.check(total: total, weights: weights)
        }
    }

    @Test func amountsAndWeightsOfAnySize() async {
        await propertyCheck(count: 300, input: Gen.int64(in: 0...Int64.max), Gen.int64(in: 0...Int64.max).array(of: 1...6)) { total, weights in
            try Self.check(total: total, weights: weights)
        }
    }
}

@Suite struct ValueEstimateProperties {
    static let values = Gen.int64(in: 0...100_000_000_000).map { Money(ore: $0) }.array(of: 0...6)
    static let options = Gen.int(in: 1...24).array(of: 0...3)

    @Test func isTheExactCeilingOfTheSum() async {
        await propertyCheck(input: Self.values, Gen.int(in: 1...240), Self.options) { yearly, months, options in
            let p = try ContractPeriod(start: day("2026-01-01"), months: months, optionMonths: options)
            let estimate = Int128(ValueEstimator.estimate(yearlyValues: yearly, period: p).ore)
            let exact = yearly.reduce(Int128(0)) { $0 + Int128($1.ore) } * Int128(p.totalMonths)  // twelfths of an öre
            #expect(estimate * 12 >= exact)
            #expect((estimate - 1) * 12 < exact)
        }
    }

    @Test func anotherParticipantNeverLowersTheValue() async {
        await propertyCheck(input: Self.values, Gen.int64(in: 0...100_000_000_000), Gen.int(in: 1...240)) { yearly, extra, months in
            let p = period("2026-01-01", months)
            let before = ValueEstimator.estimate(yearlyValues: yearly, period: p)
            for index in 0...yearly.count {
                var more = yearly
                more.insert(Money(ore: extra), at: index)
                #expect(ValueEstimator.estimate(yearlyValues: more, period: p) >= before)
            }
        }
    }

    @Test func moreMonthsNeverLowerTheValue() async {
        await propertyCheck(input: Self.values, Gen.int(in: 1...600), Gen.int(in: 0...600)) { yearly, months, more in
            let shorter = period("2026-01-01", months)
            let longer = period("2026-01-01", months, more > 0 ? [more] : [])
            #expect(ValueEstimator.estimate(yearlyValues: yearly, period: shorter) <= ValueEstimator.estimate(yearlyValues: yearly, period: longer))
        }
    }
}

@Suite struct ClassificationProperties {
    /// Any day from 2022-02-01 to 2025-12-31, when the file has every LOU figure in kronor.
    static let dates = Gen.int(in: day("2022-02-01").dayNumber...day("2025-12-31").dayNumber).map { CalendarDate(dayNumber: $0)! }
    static let buyers = Gen<BuyerCategory>.case.filter { $0 != .all }

    @Test func aLargerValueNeverGivesASmallerProcedure() async {
        let values = Gen.int64(in: 0...10_000_000_000)
        await propertyCheck(input: values, values, Self.dates, Gen<ContractType>.case, Self.buyers) { a, b, date, type, buyer in
            func classify(_ ore: Int64) throws -> Classification {
                try Classifier.classify(value: Money(ore: ore), law: .lou, contractType: type, buyer: buyer, on: date, thresholds: ReferenceData.thresholds)
            }
            #expect(try classify(min(a, b)).procedure <= classify(max(a, b)).procedure)
            // And the boundaries are where the law puts them.
            let figures = try classify(0)
            #expect(figures.procedure == .directAward)
            #expect(try classify(figures.directAwardLimitSEK.ore).procedure == .directAward)
            #expect(try classify(figures.directAwardLimitSEK.ore + 1).procedure == .national)
            #expect(try classify(figures.euThresholdSEK.ore - 1).procedure == .national)
            #expect(try classify(figures.euThresholdSEK.ore).procedure == .eu)
        }
    }
}

@Suite struct PeriodProperties {
    static let starts = Gen.int(in: day("1900-01-01").dayNumber...day("2200-12-31").dayNumber).map { CalendarDate(dayNumber: $0)! }

    @Test func endsOnOrAfterItStarts() async {
        await propertyCheck(count: 300, input: Self.starts, Gen.int(in: 1...600), Gen.int(in: 1...150).array(of: 0...4)) { start, months, options in
            let p = try ContractPeriod(start: start, months: months, optionMonths: options)
            #expect(p.totalMonths == months + options.reduce(0, +))
            #expect(p.start <= p.baseEnd && p.baseEnd <= p.end)
            #expect(p.end.adding(days: 1) == start.adding(months: p.totalMonths))
            #expect(p.baseEnd.adding(days: 1) == start.adding(months: months))
            #expect(p.overlaps(p))
        }
    }

    @Test func dayNumbersRoundTripAndStepOneDay() async {
        let numbers = Gen.int(in: CalendarDate.earliest.dayNumber...(CalendarDate.latest.dayNumber - 1))
        await propertyCheck(count: 500, input: numbers, Gen.int(in: -30...30)) { number, months in
            let date = try #require(CalendarDate(dayNumber: number))
            #expect(date.dayNumber == number)
            let next = try #require(date.adding(days: 1))
            if date.day < CalendarDate.daysIn(month: date.month, year: date.year) {
                #expect(next == CalendarDate(year: date.year, month: date.month, day: date.day + 1))
            } else if date.month < 12 {
                #expect(next == CalendarDate(year: date.year, month: date.month + 1, day: 1))
            } else {
                #expect(next == CalendarDate(year: date.year + 1, month: 1, day: 1))
            }
            if let shifted = date.adding(months: months) {
                #expect((shifted.year * 12 + shifted.month) - (date.year * 12 + date.month) == months)
                #expect(shifted.day == min(date.day, CalendarDate.daysIn(month: shifted.month, year: shifted.year)))
            }
        }
    }
}

@Suite struct PoolingProperties {
    static let codes = ["30192000-1", "30197000-6", "30213100-6", "90911200-8"].map(cpv)

    /// Up to 24 needs of four organisations, in three CPV groups, over about five years.
    static let needs = zip(Gen.int(in: 0...3), Gen.int(in: 0...3), Gen.int(in: 0...1800), Gen.int(in: 1...36), Gen.int64(in: 0...100_000_000))
        .array(of: 0...24)
        .map { rows in
            rows.enumerated().map { index, row in
                NeedSummary(
                    id: uuid(index), organisationID: uuid(1000 + row.0), cpv: codes[row.1],
                    period: try! ContractPeriod(start: day("2025-01-01").adding(days: row.2)!, months: row.3),
                    yearlyValue: Money(ore: row.4))
            }
        }

    @Test func everyNeedLandsInAtMostOneSuggestionOfItsOwnGroup() async {
        await propertyCheck(count: 300, input: Self.needs) { needs in
            let suggestions = PoolingSuggester.suggest(needs)
            var home: [UUID: Int] = [:]
            for (index, suggestion) in suggestions.enumerated() {
                #expect(suggestion.needs.allSatisfy { $0.cpv.group == suggestion.cpvGroup })
                #expect(suggestion.organisationIDs == Set(suggestion.needs.map(\.organisationID)).sorted { $0.uuidString < $1.uuidString })
                #expect(suggestion.organisationIDs.count >= 2)
                #expect(suggestion.earliestStart == suggestion.needs.map(\.period.start).min())
                #expect(suggestion.latestEnd == suggestion.needs.map(\.period.end).max())
                #expect(suggestion.yearlyValue == suggestion.needs.map(\.yearlyValue).reduce(.zero, +))
                for need in suggestion.needs {
                    #expect(home.updateValue(index, forKey: need.id) == nil, "need \(need.id) is in two suggestions")
                }
                #expect(Self.isConnected(suggestion.needs), "a suggestion joins needs that do not overlap")
            }
            #expect(zip(suggestions, suggestions.dropFirst()).allSatisfy { $0.yearlyValue >= $1.yearlyValue })
            // Overlapping needs of one group are never split, and those of two organisations are always suggested.
            for a in needs {
                for b in needs where a.id != b.id && a.cpv.group == b.cpv.group && a.period.overlaps(b.period) {
                    #expect(home[a.id] == home[b.id])
                    if a.organisationID != b.organisationID { #expect(home[a.id] != nil) }
                }
            }
            #expect(PoolingSuggester.suggest(needs.reversed()) == suggestions)
        }
    }

    /// Whether every need reaches every other through overlapping periods.
    static func isConnected(_ needs: [NeedSummary]) -> Bool {
        guard let first = needs.first else { return true }
        var reached: Set<UUID> = [first.id]
        var queue = [first]
        while let current = queue.popLast() {
            for other in needs where !reached.contains(other.id) && other.period.overlaps(current.period) {
                reached.insert(other.id)
                queue.append(other)
            }
        }
        return reached.count == needs.count
    }
}

@Suite struct DirectPurchaseProperties {
    static let codes = ["30192000-1", "30213100-6", "30213300-8"].map(cpv)

    static let purchases = zip(Gen.int(in: 0...1), Gen.int(in: 0...2), Gen.int(in: 0...1400), Gen.int64(in: 0...40_000_000))
        .array(of: 0...20)
        .map { rows in
            rows.enumerated().map { index, row in
                DirectPurchase(id: uuid(index), organisationID: uuid(1000 + row.0), cpv: codes[row.1],
                               date: day("2021-01-01").adding(days: row.2)!, value: Money(ore: row.3))
            }
        }

    /// Every window checked the slow way: the warning names the largest window over the limit.
    @Test func agreesWithCheckingEveryWindow() async {
        await propertyCheck(count: 300, input: Self.purchases, Gen.int(in: 1...18)) { purchases, windowMonths in
            let table = ReferenceData.thresholds
            let limit = { (date: CalendarDate) in table.directAwardLimit(law: .lou, buyer: .subCentral, on: date) }
            var expected: [PoolingWarning] = []
            let keys = Set(purchases.map { "\($0.organisationID.uuidString) \($0.cpv.group)" }).sorted()
            for key in keys {
                let own = purchases.filter { "\($0.organisationID.uuidString) \($0.cpv.group)" == key }
                var best: PoolingWarning?
                var bestTotal = Money(ore: -1)
                for end in Set(own.map(\.date)).sorted() {
                    let from = end.adding(months: -windowMonths)!.adding(days: 1)!
                    let total = own.filter { from <= $0.date && $0.date <= end }.map(\.value).reduce(.zero, +)
                    if let limit = limit(end), total > limit, total > bestTotal {
                        bestTotal = total
                        best = .directPurchasesPassLimit(organisationID: own[0].organisationID, cpvGroup: own[0].cpv.group,
                                                         total: total, limit: limit, from: from, to: end)
                    }
                }
                if let best { expected.append(best) }
            }
            #expect(DirectPurchaseRule.warnings(purchases.shuffled(), limit: limit, windowMonths: windowMonths) == expected)
        }
    }
}
