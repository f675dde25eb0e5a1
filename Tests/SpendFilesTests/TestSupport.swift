import Foundation
import Procurement
@testable import SpendFiles

/// Test shorthands and the paths of the shared test data.
func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }
func money(_ decimal: String) -> Money { Money(decimal: decimal)! }

enum TestFiles {
    /// Tests/SpendFilesTests/X.swift → three levels up is the repository root.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The official PEPPOL BIS Billing 3 examples, shared beside the repository.
    static func peppol(_ name: String) throws -> [UInt8] {
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata/peppol/\(name)")
        return Array(try Data(contentsOf: url))
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        let url = repositoryRoot.appendingPathComponent("Tests/SpendFilesTests/Fixtures/\(name)")
        return Array(try Data(contentsOf: url))
    }
}

/// A CSV from text, as UTF-8.
func csv(_ text: String) -> [UInt8] { Array(text.utf8) }

func readAll(_ bytes: [UInt8], mapping: CSVColumnMapping = .automatic) throws(SpendFileError) -> [SpendLine] {
    var reader = try CSVSpendReader(bytes: bytes, mapping: mapping)
    var lines: [SpendLine] = []
    while let line = try reader.next() { lines.append(line) }
    return lines
}

/// The error reading a CSV to its end throws, or nil.
func csvError(_ bytes: [UInt8], mapping: CSVColumnMapping = .automatic) -> SpendFileError? {
    do throws(SpendFileError) {
        _ = try readAll(bytes, mapping: mapping)
        return nil
    } catch { return error }
}

func peppolError(_ bytes: [UInt8]) -> SpendFileError? {
    do throws(SpendFileError) {
        _ = try PEPPOLDocument.read(bytes)
        return nil
    } catch { return error }
}

let header = "Organisationsnummer;Leverantör;Fakturanummer;Fakturadatum;Belopp exkl moms;Konto\n"
