/// The importer's one front door: detects the format from the content and yields spend lines
/// from whichever reader fits.
public struct SpendFileReader: Sendable {
    public let format: SpendFileFormat
    /// The whole e-invoice when the file is one; nil for a CSV.
    public let document: PEPPOLDocument?

    private var csv: CSVSpendReader?
    private var nextIndex = 0

    public init(bytes: [UInt8], mapping: CSVColumnMapping = .automatic) throws(SpendFileError) {
        format = try SpendFileFormat.detect(bytes)
        if format == .csv {
            csv = try CSVSpendReader(bytes: bytes, mapping: mapping)
            document = nil
        } else {
            document = try PEPPOLDocument.read(bytes)
        }
    }

    /// The CSV reader, for the encoding, delimiter and columns it detected.
    public var csvReader: CSVSpendReader? { csv }

    public mutating func next() throws(SpendFileError) -> SpendLine? {
        if csv != nil { return try csv!.next() }
        guard let document, nextIndex < document.lines.count else { return nil }
        defer { nextIndex += 1 }
        return document.lines[nextIndex]
    }
}
