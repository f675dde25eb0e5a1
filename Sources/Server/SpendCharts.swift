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

    struct MonthPoint: Equatable {
        var month: String
        /// `mar 2026`.
        var label: String
        /// The axis label under the point: the month's abbreviation; under it the year, in
        /// January and at the first month.
        var tick: String
        var year: String?
        var percent: String
        /// Whether there was addressable spend; a month without any has no point, only its label.
        var hasShare: Bool
        var meetsTarget: Bool
        var x: Double
        var y: Double
    }

    struct MonthChart: Equatable {
        var width: Double
        var height: Double
        var plotTop: Double
        var plotBottom: Double
        var plotLeft: Double
        var plotRight: Double
        /// Where the axis starts, in per mille: shares move by a few per cent, which a scale
        /// from zero would flatten; a line, unlike a bar, does not claim its length means anything.
        var floorPerMille: Int
        var targetY: Double
        var targetPercent: Int
        var points: [MonthPoint]
        /// The line through the months, broken where a month has no share.
        var segments: [[(x: Double, y: Double)]]
        var gridLines: [(y: Double, label: String)]

        static func == (lhs: MonthChart, rhs: MonthChart) -> Bool {
            lhs.points == rhs.points && lhs.targetY == rhs.targetY && lhs.floorPerMille == rhs.floorPerMille
        }
    }

    /// `92,5 %` from 925 per mille.
    static func percent(perMille: Int) -> String {
        "\(perMille / 10)" + (perMille % 10 == 0 ? "" : ",\(abs(perMille % 10))") + "\u{00A0}%"
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

    /// A point per month on a line, the target as a dashed line. The axis starts ten per cent
    /// below the lowest share or the target (in whole tens, never below zero). Shares below the
    /// axis (credit notes) or above 100 % are drawn at the edge; the text says the real figure.
    static func monthChart(_ months: [MonthInput], targetPercent: Int, width: Double = 720, height: Double = 260) -> MonthChart {
        let left = 52.0, right = width - 8, top = 12.0, bottom = height - 40
        let plotHeight = bottom - top
        let shares = months.compactMap { $0.compliance?.perMille }
        let lowest = min(max(shares.min() ?? 1000, 0), targetPercent * 10, 1000)
        let floor = max(0, lowest / 100 * 100 - 100)
        let span = Double(1000 - floor)
        func y(perMille: Int) -> Double { bottom - plotHeight * Double(min(max(perMille, floor), 1000) - floor) / span }
        let slot = months.isEmpty ? 0 : (right - left) / Double(months.count)
        let points = months.enumerated().map { index, input -> MonthPoint in
            let perMille = input.compliance?.perMille
            let monthNumber = Int(input.month.suffix(2)) ?? 1
            return MonthPoint(
                month: input.month, label: monthLabel(input.month), tick: monthNames[max(0, min(11, monthNumber - 1))],
                year: index == 0 || monthNumber == 1 ? String(input.month.prefix(4)) : nil,
                percent: input.compliance?.percentText ?? "–", hasShare: perMille != nil,
                meetsTarget: input.compliance?.meets(targetPercent: targetPercent) ?? false,
                x: left + slot * (Double(index) + 0.5), y: perMille.map { y(perMille: $0) } ?? bottom)
        }
        var segments: [[(x: Double, y: Double)]] = [[]]
        for point in points {
            if point.hasShare { segments[segments.count - 1].append((point.x, point.y)) } else if !segments[segments.count - 1].isEmpty { segments.append([]) }
        }
        let step = (1000 - floor) / 4
        return MonthChart(
            width: width, height: height, plotTop: top, plotBottom: bottom, plotLeft: left, plotRight: right, floorPerMille: floor,
            targetY: y(perMille: targetPercent * 10), targetPercent: targetPercent, points: points,
            segments: segments.filter { !$0.isEmpty },
            gridLines: (0...4).map { floor + step * $0 }.map { (y(perMille: $0), percent(perMille: $0)) })
    }

    /// One supplier in the supplier chart: on contract, off contract where the member had a
    /// contract in the category (leakage), and off contract where it had none.
    struct SupplierInput: Equatable {
        var name: String
        var total: Money
        var contracted: Money
        var leakage: Money = .zero
    }

    struct SupplierBar: Equatable {
        var name: String
        var total: String
        var contracted: String
        var leakage: String
        /// Off contract in categories without a contract: spend, but nothing to be faithful to.
        var uncontracted: String
        var y: Double
        var textY: Double
        var contractedWidth: Double
        var leakageX: Double
        var leakageWidth: Double
        var uncontractedX: Double
        var uncontractedWidth: Double
    }

    struct SupplierChart: Equatable {
        var width: Double
        var height: Double
        var barHeight: Double
        var bars: [SupplierBar]
    }

    /// Horizontal bars, the longest the largest total; on contract first, then the leakage,
    /// then the rest. A supplier's net spend can be negative after credit notes: drawn as nothing.
    static func supplierChart(_ suppliers: [SupplierInput], width: Double = 720) -> SupplierChart {
        let rowHeight = 34.0, barHeight = 18.0, top = 4.0
        let largest = suppliers.map { max($0.total.ore, 0) }.max() ?? 0
        func length(_ money: Money) -> Double {
            guard largest > 0, money.ore > 0 else { return 0 }
            return width * Double(min(money.ore, largest)) / Double(largest)
        }
        let bars = suppliers.enumerated().map { index, supplier -> SupplierBar in
            let total = max(supplier.total, .zero)
            let contracted = max(min(supplier.contracted, total), .zero)
            let leakage = max(min(supplier.leakage, total - contracted), .zero)
            let uncontracted = total - contracted - leakage
            let rowTop = top + rowHeight * Double(index)
            let contractedWidth = length(contracted), leakageWidth = length(leakage)
            return SupplierBar(
                name: supplier.name, total: supplier.total.description, contracted: contracted.description,
                leakage: leakage.description, uncontracted: uncontracted.description,
                y: rowTop + 14, textY: rowTop + 11, contractedWidth: contractedWidth,
                leakageX: contractedWidth, leakageWidth: leakageWidth,
                uncontractedX: contractedWidth + leakageWidth, uncontractedWidth: length(uncontracted))
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
            "width": n(width), "height": n(height), "left": n(plotLeft), "right": n(plotRight), "bottom": n(plotBottom), "top": n(plotTop),
            "targetY": n(targetY), "targetLabelY": n(targetY - 4), "targetPercent": targetPercent,
            "tickY": n(plotBottom + 16), "yearY": n(plotBottom + 31), "gridLabelX": n(plotLeft - 6),
            "grid": gridLines.map { ["y": n($0.y), "labelY": n($0.y + 4), "label": $0.label] },
            "floor": SpendCharts.percent(perMille: floorPerMille),
            "lines": segments.map { ["points": $0.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")] },
            "points": points.map { point -> [String: Any] in
                [
                    "month": point.month, "label": point.label, "tick": point.tick, "percent": point.percent, "hasShare": point.hasShare,
                    "year": point.year ?? "", "hasYear": point.year != nil, "meets": point.meetsTarget, "x": n(point.x), "y": n(point.y),
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
                    "name": bar.name, "total": bar.total, "contracted": bar.contracted, "leakage": bar.leakage,
                    "uncontracted": bar.uncontracted, "y": n(bar.y), "textY": n(bar.textY), "contractedWidth": n(bar.contractedWidth),
                    "leakageX": n(bar.leakageX), "leakageWidth": n(bar.leakageWidth),
                    "uncontractedX": n(bar.uncontractedX), "uncontractedWidth": n(bar.uncontractedWidth),
                ]
            },
        ]
    }
}
