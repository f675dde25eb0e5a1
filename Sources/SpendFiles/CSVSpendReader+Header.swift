extension CSVSpendReader {
    /// Header names per field, most specific first: when an export has both "Belopp exkl moms"
    /// and "Belopp", the first wins. Written normalised (see `normalisedHeader`).
    static let synonyms: [(SpendField, [String])] = [
        (.supplierOrganisationNumber, [
            "leverantörensorganisationsnummer", "leverantörorgnr", "levorgnr", "organisationsnummer", "orgnr",
            "supplierorganisationnumber", "supplierorgnumber", "supplierorganizationnumber", "supplierid",
            "organisationnumber", "organizationnumber",
        ]),
        (.supplierName, ["leverantörensnamn", "leverantörsnamn", "leverantör", "suppliername", "supplier"]),
        (.invoiceNumber, ["fakturanummer", "fakturanr", "invoicenumber", "invoiceno", "invoicenr"]),
        (.invoiceDate, ["fakturadatum", "invoicedate", "datum", "date"]),
        (.amount, [
            "beloppexklmoms", "beloppexklusivemoms", "nettobelopp", "amountexclvat", "amountexcludingvat",
            "netamount", "belopp", "amount",
        ]),
        (.account, ["konto", "kontonummer", "kategori", "account", "category"]),
        (.kind, ["fakturatyp", "typ", "kind", "type", "invoicetype"]),
        (.currency, ["valuta", "currency", "valutakod", "currencycode"]),
        (.cpv, ["cpv", "cpvkod", "cpvcode"]),
        (.text, ["text", "beskrivning", "benämning", "description"]),
    ]

    /// Case, spaces and the punctuation exports sprinkle into headers ("Lev. org-nr",
    /// "Belopp_exkl_moms") carry no meaning, so they are dropped before comparing.
    static func normalisedHeader(_ header: String) -> String {
        String(header.lowercased().unicodeScalars.filter {
            !($0 == "." || $0 == "_" || $0 == "-" || $0.properties.isWhitespace)
        }.map(Character.init))
    }

    /// The column index of every field, by explicit mapping first and synonyms second.
    static func resolveColumns(
        _ headers: [String], mapping: CSVColumnMapping, headerLine: Int
    ) throws(SpendFileError) -> [SpendField: Int] {
        let normalised = headers.map(normalisedHeader)
        var result: [SpendField: Int] = [:]
        var taken = Set<Int>()
        for field in SpendField.allCases {
            guard let wanted = mapping[field] else { continue }
            guard let index = normalised.firstIndex(of: normalisedHeader(wanted)) else {
                throw SpendFileError(line: headerLine, reason: .mappedColumnMissing(field: field, header: wanted, found: headers))
            }
            result[field] = index
            taken.insert(index)
        }
        for (field, names) in synonyms where result[field] == nil {
            for name in names {
                if let index = normalised.indices.first(where: { normalised[$0] == name && !taken.contains($0) }) {
                    result[field] = index
                    taken.insert(index)
                    break
                }
            }
        }
        let missing = SpendField.required.filter { result[$0] == nil }
        guard missing.isEmpty else {
            throw SpendFileError(line: headerLine, reason: .columnMissing(fields: missing, found: headers))
        }
        return result
    }
}
