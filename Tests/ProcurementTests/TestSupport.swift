import Foundation
import Procurement

/// Test shorthands: a date, an amount, a CPV code and a UUID from plain literals.
func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }
func kr(_ decimal: String) -> Money { Money(decimal: decimal)! }
func cpv(_ code: String) -> CPVCode { CPVCode(code)! }

/// A UUID that sorts by `n` (its last bytes), so expected orders are easy to write.
func uuid(_ n: Int) -> UUID {
    precondition((0...0xFFFF).contains(n))
    return UUID(uuid: (0, 0, 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, UInt8(n >> 8), UInt8(n & 0xFF)))
}

func period(_ start: String, _ months: Int, _ options: [Int] = []) -> ContractPeriod {
    try! ContractPeriod(start: day(start), months: months, optionMonths: options)
}

/// The reference data, copied beside these tests (`Reference/`) so that they run on any clean
/// clone with the real figures.
enum ReferenceData {
    static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Tests/ProcurementTests
            .appendingPathComponent("Reference/\(name)")
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }

    /// The real threshold table, read once.
    static let thresholds: ThresholdTable = {
        do {
            return ThresholdTable(try ThresholdTable.parseCSV(text("thresholds.csv")))
        } catch {
            fatalError("could not read \(url("thresholds.csv").path): \(error)")
        }
    }()
}
