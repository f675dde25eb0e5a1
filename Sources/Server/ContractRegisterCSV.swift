import Foundation
import Procurement

/// The contract register as a spreadsheet opens it in Sweden: semicolons between fields,
/// decimal commas, UTF-8 with a byte-order mark (so Excel reads å, ä, ö), one line a contract.
enum ContractRegisterCSV {
    static let header = [
        "Avtalsnummer", "Avtal", "CPV", "Kategori", "Leverantörer", "Avtalsparter", "Status", "Start", "Slut",
        "Slut med utnyttjade optioner", "Senast möjliga slut", "Period", "Uppskattat värde (kr)", "Takvärde (kr)", "Avropsmetod",
        "Ramavtal", "Direktupphandling", "Saknar efterföljande uppdrag",
    ]

    static func render(_ contracts: [ContractViews.ContractView]) -> String {
        var lines = [header.map(field).joined(separator: ";")]
        for contract in contracts {
            lines.append([
                contract.reference, contract.title, contract.cpv, contract.cpvLabel,
                contract.suppliers.map(\.name).joined(separator: ", "), contract.parties.map(\.name).joined(separator: ", "),
                contract.status.swedishName, contract.start.iso, contract.end.iso, contract.currentEnd.iso,
                contract.latestPossibleEnd.iso, contract.period, decimalComma(contract.estimatedValue),
                contract.maximumValue.map(decimalComma) ?? "", contract.callOffMethod.swedishName,
                contract.framework ? "Ja" : "Nej", contract.directAward ? "Ja" : "Nej", contract.needsSuccessor ? "Ja" : "Nej",
            ].map(field).joined(separator: ";"))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    private static func decimalComma(_ amount: String) -> String { amount.replacingOccurrences(of: ".", with: ",") }

    /// Quotes a field that needs it, and defuses one a spreadsheet would run as a formula.
    static func field(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@\t\r".contains(first), Double(value.replacingOccurrences(of: ",", with: ".")) == nil {
            value = "'" + value
        }
        guard value.contains(where: { ";\"\n\r".contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
