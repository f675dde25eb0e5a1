import Foundation
import Procurement

/// The geometry of the spend pages' charts, as plain values the templates write into inline
/// SVG. The markup stays in the templates so that every value is escaped like any other; the
/// arithmetic stays here, where it can be tested. Shares and amounts are exact integers (per
/// mille, öre); only the coordinates are `Double`, and they are not money.
enum SpendCharts {
    /// One month of the compliance chart.
    struct MonthInput: Equatable {
        /// `2026-03`.
        var month: String
        var compliance: Compliance?
    }

    struct MonthBar: Equatable {
        var month: String
        /// `mar 2026`.
        var label: String
        /// The axis label under the bar: the month's abbreviation, with the year in January
        /// and at the first bar.
        var tick: String
        var percent: String
        /// Whether there was addressable spend; a month without any has no bar, only its label.
        var hasShare: Bool
        var meetsTarget: Bool
        var x: Double
        var y: Double
        var width: Double
        var height: Double
        var labelX: Double
    }

    struct MonthChart: Equatable {
        var width: Double
        var height: Double
        var plotTop: Double
        var plotBottom: Double
        var plotLeft: Double
        var plotRight: Double
        var targetY: Double
        var targetPercent: Int
        var bars: [MonthBar]
        /// The horizontal grid lines at 0, 25, 50, 75 and 100 %.
        var gridLines: [(y: Double, label: String)]

        static func == (lhs: MonthChart, rhs: MonthChart) -> Bool {
            lhs.bars == rhs.bars && lhs.targetY == rhs.targetY && lhs.gridLines.map(\.y) == rhs.gridLines.map(\.y)
        }
    }

    static let monthNames = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]

    /// The months from `from`'s to `to`'s, inclusive, as `2026-03`.
    static func months(from: CalendarDate, to: CalendarDate) -> [String] {
        var month = CalendarDate(year: from.year, month: from.month, day: 1)!
        var keys: [String] = []
        while month <= to, keys.count < 600 {
            keys.append(String(month.iso.prefix(7)))
            month = month.adding(months: 1)!
        }
        return keys
    }

    /// `mar 2026` from `2026-03`.
    static func monthLabel(_ key: String) -> String {
        let parts = key.split(separator: "-")
        guard parts.count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return key }
        return "\(monthNames[month - 1]) \(parts[0])"
    }

    /// A bar per month, scaled 0–100 %; the target as a line. Shares below zero (credit notes)
    /// or above 100 % are drawn at the edge; the text says the real figure.
    static func monthChart(_ months: [MonthInput], targetPercent: Int, width: Double = 720, height: Double = 260) -> MonthChart {
        let left = 44.0, right = width - 8, top = 12.0, bottom = height - 34
        let plotHeight = bottom - top
        let slot = months.isEmpty ? 0 : (right - left) / Double(months.count)
        let barWidth = slot * 0.7
        func y(perMille: Int) -> Double { bottom - plotHeight * Double(min(max(perMille, 0), 1000)) / 1000 }
        let bars = months.enumerated().map { index, input -> MonthBar in
            let perMille = input.compliance?.perMille
            let barTop = perMille.map { y(perMille: $0) } ?? bottom
            let x = left + slot * Double(index) + (slot - barWidth) / 2
            let monthNumber = Int(input.month.suffix(2)) ?? 1
            let tick = monthNames[max(0, min(11, monthNumber - 1))] + (index == 0 || monthNumber == 1 ? " " + input.month.prefix(4) : "")
            return MonthBar(
                month: input.month, label: monthLabel(input.month), tick: tick,
                percent: input.compliance?.percentText ?? "–", hasShare: perMille != nil,
                meetsTarget: input.compliance?.meets(targetPercent: targetPercent) ?? false,
                x: x, y: barTop, width: barWidth, height: bottom - barTop, labelX: x + barWidth / 2)
        }
        return MonthChart(
            width: width, height: height, plotTop: top, plotBottom: bottom, plotLeft: left, plotRight: right,
            targetY: y(perMille: targetPercent * 10), targetPercent: targetPercent, bars: bars,
            gridLines: stride(from: 0, through: 1000, by: 250).map { (y(perMille: $0), "\($0 / 10) %") })
    }

    /// One supplier in the supplier chart: on contract and off contract, side by side.
    struct SupplierInput: Equatable {
        var name: String
        var total: Money
        var contracted: Money
    }

    struct SupplierBar: Equatable {
        var name: String
        var total: String
        var contracted: String
        var offContract: String
        var y: Double
        var textY: Double
        var contractedWidth: Double
        var offContractX: Double
        var offContractWidth: Double
    }

    struct SupplierChart: Equatable {
        var width: Double
        var height: Double
        var barHeight: Double
        var bars: [SupplierBar]
    }

    /// Horizontal bars, the longest the largest total; on-contract first, then what is not.
    /// A supplier's net spend can be negative after credit notes: drawn as nothing.
    static func supplierChart(_ suppliers: [SupplierInput], width: Double = 720) -> SupplierChart {
        let rowHeight = 34.0, barHeight = 18.0, barLeft = 0.0, top = 4.0
        let largest = suppliers.map { max($0.total.ore, 0) }.max() ?? 0
        let span = width - barLeft
        func length(_ money: Money) -> Double {
            guard largest > 0, money.ore > 0 else { return 0 }
            return span * Double(min(money.ore, largest)) / Double(largest)
        }
        let bars = suppliers.enumerated().map { index, supplier -> SupplierBar in
            let contracted = max(min(supplier.contracted, supplier.total), .zero)
            let off = max(supplier.total - contracted, .zero)
            let rowTop = top + rowHeight * Double(index)
            let contractedWidth = length(contracted)
            return SupplierBar(
                name: supplier.name, total: supplier.total.description, contracted: contracted.description, offContract: off.description,
                y: rowTop + 14, textY: rowTop + 11, contractedWidth: contractedWidth,
                offContractX: barLeft + contractedWidth, offContractWidth: length(off))
        }
        return SupplierChart(width: width, height: top + rowHeight * Double(suppliers.count) + 4, barHeight: barHeight, bars: bars)
    }

    /// A framework's use against its maximum: the called-off share in per mille (exact), and
    /// the bar's width in per cent of the track, at most the whole track.
    struct Progress: Equatable {
        var perMille: Int
        var text: String
        var width: Double
        var over: Bool
    }

    static func progress(calledOff: Money, maximum: Money) -> Progress? {
        guard maximum.ore > 0 else { return nil }
        let numerator = Int128(max(calledOff.ore, 0)) * 1000
        let denominator = Int128(maximum.ore)
        let perMille = Int((2 * numerator + denominator) / (2 * denominator))
        let shown = min(perMille, 1000)
        return Progress(perMille: perMille, text: "\(perMille / 10),\(perMille % 10)\u{00A0}%",
                        width: Double(shown) / 10, over: perMille > 1000)
    }

    /// An SVG coordinate: at most one decimal, with a point.
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }
}

extension SpendCharts.MonthChart {
    /// The values the template reads.
    var values: [String: Any] {
        let n = SpendCharts.number
        return [
            "width": n(width), "height": n(height), "left": n(plotLeft), "right": n(plotRight), "bottom": n(plotBottom),
            "targetY": n(targetY), "targetLabelY": n(targetY - 4), "targetPercent": targetPercent,
            "tickY": n(plotBottom + 16), "gridLabelX": n(plotLeft - 6),
            "grid": gridLines.map { ["y": n($0.y), "labelY": n($0.y + 4), "label": $0.label] },
            "bars": bars.map { bar -> [String: Any] in
                [
                    "month": bar.month, "label": bar.label, "tick": bar.tick, "percent": bar.percent, "hasShare": bar.hasShare,
                    "meets": bar.meetsTarget, "x": n(bar.x), "y": n(bar.y), "width": n(bar.width), "height": n(bar.height),
                    "labelX": n(bar.labelX),
                ]
            },
        ]
    }
}

extension SpendCharts.SupplierChart {
    var values: [String: Any] {
        let n = SpendCharts.number
        return [
            "width": n(width), "height": n(height), "barHeight": n(barHeight),
            "bars": bars.map { bar -> [String: Any] in
                [
                    "name": bar.name, "total": bar.total, "contracted": bar.contracted, "offContract": bar.offContract,
                    "y": n(bar.y), "textY": n(bar.textY), "contractedWidth": n(bar.contractedWidth),
                    "offContractX": n(bar.offContractX), "offContractWidth": n(bar.offContractWidth),
                ]
            },
        ]
    }
}
