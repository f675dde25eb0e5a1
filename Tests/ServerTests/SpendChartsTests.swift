import Foundation
import Procurement
@testable import Server
import Testing

/// The charts' geometry: points scaled to the share, the target where it belongs, months without
/// addressable spend left without a point, bars split on and off contract, exact shares from öre.
@Suite struct SpendChartsTests {
    func compliance(_ addressable: Int64, _ contracted: Int64) -> Compliance {
        Compliance(total: Money(kronor: addressable), addressable: Money(kronor: addressable), contracted: Money(kronor: contracted))
    }

    @Test func theMonthsOfAPeriodIncludeBothEnds() {
        let months = SpendCharts.months(from: CalendarDate(iso: "2025-12-01")!, to: CalendarDate(iso: "2026-11-23")!)
        #expect(months.count == 12 && months.first == "2025-12" && months.last == "2026-11")
        #expect(SpendCharts.monthLabel("2026-03") == "mar 2026" && SpendCharts.monthLabel("2025-12") == "dec 2025")
    }

    @Test func pointsAreScaledFromTheAxisFloorAndTheTargetIsALine() {
        let chart = SpendCharts.monthChart([
            .init(month: "2025-12", compliance: compliance(1000, 1000)),
            .init(month: "2026-01", compliance: compliance(1000, 500)),
            .init(month: "2026-02", compliance: nil),
            .init(month: "2026-03", compliance: compliance(1000, 950)),
        ], targetPercent: 95, width: 452, height: 252)
        // The plot is 52…444 wide (98 a month) and 12…212 high (252 less 40 for the months and years); the lowest share is 50 %, so
        // the axis runs from 40 % to 100 % (200 for 600 per mille).
        #expect(chart.plotTop == 12 && chart.plotBottom == 212 && chart.floorPerMille == 400)
        let full = chart.points[0], half = chart.points[1], none = chart.points[2], target = chart.points[3]
        #expect(full.y == 12 && full.x == 101 && full.percent == "100,0\u{00A0}%" && full.meetsTarget)
        #expect(abs(half.y - (212 - 200.0 / 6)) < 1e-9 && half.x == 199 && !half.meetsTarget && half.percent == "50,0\u{00A0}%")
        #expect(!none.hasShare && none.y == 212 && none.percent == "–" && none.x == 297)
        #expect(target.meetsTarget && abs(target.y - chart.targetY) < 1e-9 && abs(chart.targetY - (212 - 200.0 * 550 / 600)) < 1e-9)
        #expect(full.tick == "dec" && full.year == "2025" && half.tick == "jan" && half.year == "2026" && none.tick == "feb" && none.year == nil)
        #expect(chart.segments.count == 2 && chart.segments[0].count == 2 && chart.segments[1].count == 1, "broken at February")
        #expect(chart.gridLines.map(\.label) == ["40\u{00A0}%", "55\u{00A0}%", "70\u{00A0}%", "85\u{00A0}%", "100\u{00A0}%"])
        #expect(chart.gridLines.first?.y == 212 && chart.gridLines.last?.y == 12)
    }

    @Test func theAxisStartsTenPerCentBelowTheLowestShareOrTheTarget() {
        func floor(_ shares: [Int64], target: Int) -> Int {
            SpendCharts.monthChart(shares.enumerated().map { .init(month: "2026-0\($0.offset + 1)", compliance: compliance(1000, $0.element)) },
                                   targetPercent: target).floorPerMille
        }
        #expect(floor([964, 923], target: 95) == 800)
        #expect(floor([990, 980], target: 95) == 800, "the target is on the chart")
        #expect(floor([1000], target: 100) == 900)
        #expect(floor([50], target: 95) == 0)
        #expect(SpendCharts.monthChart([], targetPercent: 95).floorPerMille == 800)
        #expect(SpendCharts.percent(perMille: 925) == "92,5\u{00A0}%" && SpendCharts.percent(perMille: 800) == "80\u{00A0}%")
    }

    @Test func sharesOutsideTheAxisAreDrawnAtTheEdge() {
        let credit = Compliance(total: Money(kronor: 100), addressable: Money(kronor: 100), contracted: Money(kronor: -20))
        let over = Compliance(total: Money(kronor: 100), addressable: Money(kronor: 100), contracted: Money(kronor: 120))
        let chart = SpendCharts.monthChart([.init(month: "2026-01", compliance: credit), .init(month: "2026-02", compliance: over)],
                                           targetPercent: 95)
        #expect(chart.floorPerMille == 0)
        #expect(chart.points[0].y == chart.plotBottom && chart.points[0].percent == "−20,0\u{00A0}%")
        #expect(chart.points[1].y == chart.plotTop && chart.points[1].percent == "120,0\u{00A0}%")
    }

    @Test func supplierBarsSplitOnContractLeakageAndTheRest() {
        let chart = SpendCharts.supplierChart([
            .init(name: "Fjällbränsle AB (demo)", total: Money(kronor: 1000), contracted: Money(kronor: 1000)),
            .init(name: "Norrdrivmedel AB (demo)", total: Money(ore: 50_000), contracted: Money(ore: 12_500), leakage: Money(ore: 25_000)),
            .init(name: "Kreditnota AB", total: Money(kronor: -10), contracted: .zero),
        ], width: 800)
        #expect(chart.bars[0].contractedWidth == 800 && chart.bars[0].leakageWidth == 0 && chart.bars[0].uncontractedWidth == 0)
        let mixed = chart.bars[1]
        #expect(mixed.contractedWidth == 100 && mixed.leakageX == 100 && mixed.leakageWidth == 200)
        #expect(mixed.uncontractedX == 300 && mixed.uncontractedWidth == 100)
        #expect(mixed.leakage == "250,00\u{00A0}kr" && mixed.uncontracted == "125,00\u{00A0}kr" && mixed.total == "500,00\u{00A0}kr")
        #expect(chart.bars[2].contractedWidth == 0 && chart.bars[2].uncontractedWidth == 0)
        #expect(chart.bars[1].y - chart.bars[0].y == 34 && chart.height == 4 + 3 * 34 + 4)
        #expect(SpendCharts.supplierChart([]).bars.isEmpty)
    }

    @Test func progressIsExactAndTheBarStopsAtTheTrack() throws {
        let used = try #require(SpendCharts.progress(calledOff: Money(kronor: 595_000), maximum: Money(kronor: 12_000_000)))
        #expect(used.perMille == 50 && used.text == "5,0\u{00A0}%" && used.width == 5 && !used.over)
        let rounded = try #require(SpendCharts.progress(calledOff: Money(ore: 1), maximum: Money(ore: 2000)))
        #expect(rounded.perMille == 1 && rounded.text == "0,1\u{00A0}%", "half a per mille rounds up")
        let over = try #require(SpendCharts.progress(calledOff: Money(kronor: 130), maximum: Money(kronor: 100)))
        #expect(over.over && over.width == 100 && over.text == "130,0\u{00A0}%")
        #expect(SpendCharts.progress(calledOff: Money(kronor: 1), maximum: .zero) == nil)
    }

    @Test func coordinatesAreWrittenWithAPointAndAtMostOneDecimal() {
        #expect(SpendCharts.number(12) == "12" && SpendCharts.number(58.66) == "58.7" && SpendCharts.number(0.04) == "0")
        let values = SpendCharts.monthChart([.init(month: "2026-01", compliance: nil)], targetPercent: 95).values
        #expect(values["targetPercent"] as? Int == 95 && (values["points"] as? [[String: Any]])?.count == 1)
    }
}
