import SpendFiles
import Procurement

extension SpendImportError: CustomStringConvertible {
    /// In English, saying where and what, for the command line and logs of the client's own error.
    public var description: String {
        switch self {
        case .unreadable(let file, let problem): "\(file): \(problem.description)"
        case .invoiceInTwoFiles(let number, let supplier, let first, let second):
            "invoice \(number) from \(supplier) is in two files: \(first) and \(second)"
        case .invoiceConflicts(let number, let supplier, let file, let line, let importedOn):
            "\(file) line \(line): invoice \(number) from \(supplier) was imported on \(importedOn.iso) with other lines; "
                + "a correction is imported as a credit note"
        case .addressedElsewhere(let file, let buyer, let organisation):
            "\(file) is addressed to \(buyer), not to the organisation importing it (\(organisation))"
        case .noFiles: "no files to import"
        case .unknownOrganisation: "no such member organisation"
        case .notAllowed: "this role may not import that organisation's spend"
        }
    }
}
