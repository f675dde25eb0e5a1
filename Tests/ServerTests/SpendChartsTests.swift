import Foundation
import Procurement
@testable import Server
import Testing

/// The charts' geometry: bars scaled to the share, the target where it belongs, months without
/// addressable spend left without a bar, and exact shares from öre.
@Suite struct SpendChartsTests {
    func compliance(_ addressable: Int64, _ contracted: Int64) -> Compliance {
        Compliance(total: Money(kronor: addressable), addressable: Money(kronor: addressable), contracted: Money(kronor: contracted))
    }

    @Test func theMonthsOfAPeriodIncludeBothEnds() {
        let months = SpendCharts.months(from: CalendarDate(iso: "2025-12-01")!, to: CalendarDate(iso: "2026-11-23")!)
        #expect(months.count == 12 && months.first == "2025-12" && months.last == "2026-11")
        #expect(SpendCharts.monthLabel("2026-03") == "mar 2026" && SpendCharts.monthLabel("2025-12") == "dec 2025")
    }

    @Test func barsAreScaledToTheShareAndTheTargetIsALine() {
        let chart = SpendCharts.monthChart([
            .init(month: "2025-12", compliance: compliance(1000, 1000)),
            .init(month: "2026-01", compliance: compliance(1000, 500)),
            .init(month: "2026-02", compliance: nil),
            .init(month: "2026-03", compliance: compliance(1000, 950)),
        ], targetPercent: 95, width: 444, height: 246)
        // The plot is 44…436 wide (98 a month) and 12…212 high (200 for 100 %).
        #expect(chart.plotTop == 12 && chart.plotBottom == 212)
        let full = chart.bars[0], half = chart.bars[1], none = chart.bars[2], target = chart.bars[3]
        #expect(full.y == 12 && full.height == 200 && full.percent == "100,0\u{00A0}%" && full.meetsTarget)
        #expect(half.y == 112 && half.height == 100 && !half.meetsTarget && half.percent == "50,0\u{00A0}%")
        #expect(!none.hasShare && none.height == 0 && none.percent == "–")
        #expect(target.meetsTarget && abs(target.height - 190) < 1e-9)
        #expect(abs(chart.targetY - 22) < 1e-9, "95 % of 200 above the bottom")
        #expect(abs(full.width - 68.6) < 1e-9 && abs(full.x - (44 + 14.7)) < 1e-9)
        #expect(abs(half.x - full.x - 98) < 1e-9)
        #expect(full.tick == "dec 2025" && half.tick == "jan 2026" && none.tick == "feb")
        #expect(chart.gridLines.map(\.label) == ["0 %", "25 %", "50 %", "75 %", "100 %"])
    }

    @Test func sharesOutsideZeroToAHundredAreDrawnAtTheEdge() {
        let credit = Compliance(total: Money(kronor: 100), addressable: Money(kronor: 100), contracted: Money(kronor: -20))
        let over = Compliance(total: Money(kronor: 100), addressable: Money(kronor: 100), contracted: Money(kronor: 120))
        let chart = SpendCharts.monthChart([.init(month: "2026-01", compliance: credit), .init(month: "2026-02", compliance: over)],
                                           targetPercent: 95)
        #expect(chart.bars[0].height == 0 && chart.bars[0].percent == "−20,0\u{00A0}%")
        #expect(chart.bars[1].y == chart.plotTop && chart.bars[1].percent == "120,0\u{00A0}%")
    }

    @Test func supplierBarsSplitOnAndOffContract() {
        let chart = SpendCharts.supplierChart([
            .init(name: "Fjällbränsle AB (demo)", total: Money(kronor: 1000), contracted: Money(kronor: 1000)),
            .init(name: "Norrdrivmedel AB (demo)", total: Money(ore: 50_000), contracted: Money(ore: 12_500)),
            .init(name: "Kreditnota AB", total: Money(kronor: -10), contracted: .zero),
        ], width: 800)
        #expect(chart.bars[0].contractedWidth == 800 && chart.bars[0].offContractWidth == 0)
        #expect(chart.bars[1].contractedWidth == 100 && chart.bars[1].offContractX == 100 && chart.bars[1].offContractWidth == 300)
        #expect(chart.bars[1].offContract == Money(ore: 37_500).description && chart.bars[1].total == "500,00\u{00A0}kr")
        #expect(chart.bars[2].contractedWidth == 0 && chart.bars[2].offContractWidth == 0)
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
        #expect(values["targetPercent"] as? Int == 95 && (values["bars"] as? [[String: Any]])?.count == 1)
    }
}
