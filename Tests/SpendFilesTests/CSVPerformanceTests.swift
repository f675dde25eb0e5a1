import Foundation
import Procurement
import Testing
@testable import SpendFiles

/// A measurement, not a check: run with `SPEND_FILES_PERF=1 swift test --filter CSVPerformance`.
@Suite struct CSVPerformanceTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SPEND_FILES_PERF"] == "1"))
    func readsAMillionLines() throws {
        let count = Int(ProcessInfo.processInfo.environment["SPEND_FILES_LINES"] ?? "") ?? 1_000_000
        let suppliers = (0..<200).map { index -> String in
            let payload = String(556_000_000 + index * 37)
            return payload + String(Luhn.checkDigit(for: payload.map { Int(String($0))! }))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 110)
        bytes += Array("Organisationsnummer;Leverantör;Fakturanummer;Fakturadatum;Belopp exkl moms;Konto;Beskrivning\n".utf8)
        for line in 0..<count {
            let supplier = suppliers[line % suppliers.count]
            let day = 1 + line % 28
            let row = "\(supplier);Leverantören Exempel \(line % 200) AB;F-\(line / 2);2026-03-\(day < 10 ? "0" : "")\(day);"
                + "\(line % 50_000) \(100 + line % 900),\(10 + line % 90);4010;Frukt och grönt till förskolor\n"
            bytes += Array(row.utf8)
        }
        let clock = ContinuousClock()
        var lines = 0
        var total = Money.zero
        let elapsed = try clock.measure {
            var reader = try CSVSpendReader(bytes: bytes)
            while let line = try reader.next() {
                lines += 1
                total += line.amount
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("SpendFiles CSV: \(lines) lines, \(bytes.count) bytes in \(seconds) s: \(Int(Double(lines) / seconds)) lines/s, \(Int(Double(bytes.count) / seconds / 1e6)) MB/s")
        #expect(lines == count)
    }
}
