import Procurement

extension PEPPOLInvoiceReader {
    /// Turns what was collected into a document, checking what the parser cannot.
    func document() throws(SpendFileError) -> PEPPOLDocument {
        guard let customizationID, customizationID.contains("urn:cen.eu:en16931:2017") else {
            throw SpendFileError(line: nil, reason: .notPEPPOL(.customizationID(customizationID)))
        }
        let format: SpendFileFormat = rootName == "CreditNote" ? .peppolCreditNote : .peppolInvoice
        let kind: InvoiceKind = format == .peppolCreditNote ? .creditNote : .invoice
        let sign: Int64 = kind == .creditNote ? -1 : 1

        guard let number, !number.isEmpty else { throw missing("cbc:ID") }
        guard let issueDateText = issueDate, !issueDateText.isEmpty else { throw missing("cbc:IssueDate") }
        guard let issueDate = CalendarDate(iso: issueDateText) else {
            throw SpendFileError(line: nil, reason: .badDate(column: "cbc:IssueDate", value: issueDateText))
        }
        guard let currencyText = currency, !currencyText.isEmpty else { throw missing("cbc:DocumentCurrencyCode") }
        let currency = currencyText.uppercased()
        let supplier = try Self.reference(supplier, path: "cac:AccountingSupplierParty/cac:Party")
        let buyer = try Self.reference(buyer, path: "cac:AccountingCustomerParty/cac:Party")
        guard let totalText = taxExclusiveAmount else { throw missing("cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount") }
        let total = try Self.amount(totalText, path: "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount", line: nil)

        let documentAccount = accountingCost.flatMap { $0.isEmpty ? nil : $0 }
        var result: [SpendLine] = []
        let lineElement = kind == .creditNote ? "cac:CreditNoteLine" : "cac:InvoiceLine"
        for line in lines {
            guard let amountText = line.amount else {
                throw SpendFileError(line: line.sourceLine, reason: .missingElement("\(lineElement)/cbc:LineExtensionAmount"))
            }
            let amount = try Self.amount(amountText, path: "\(lineElement)/cbc:LineExtensionAmount", line: line.sourceLine)
            result.append(SpendLine(
                sourceLine: line.sourceLine, supplier: supplier, invoiceNumber: number, kind: kind, invoiceDate: issueDate,
                amount: Money(ore: amount.ore * sign), currency: currency,
                account: line.accountingCost.flatMap { $0.isEmpty ? nil : $0 } ?? documentAccount,
                cpv: line.cpv.flatMap { CPVCode($0) },
                text: line.name.flatMap { $0.isEmpty ? nil : $0 }))
        }
        for allowance in allowances {
            guard let indicator = allowance.chargeIndicator?.lowercased(), indicator == "true" || indicator == "false" else {
                throw SpendFileError(line: allowance.sourceLine, reason: .missingElement("cac:AllowanceCharge/cbc:ChargeIndicator"))
            }
            guard let amountText = allowance.amount else {
                throw SpendFileError(line: allowance.sourceLine, reason: .missingElement("cac:AllowanceCharge/cbc:Amount"))
            }
            let isCharge = indicator == "true"
            let amount = try Self.amount(amountText, path: "cac:AllowanceCharge/cbc:Amount", line: allowance.sourceLine)
            let label = isCharge ? "Avgift" : "Rabatt"
            let reason = allowance.reason.flatMap { $0.isEmpty ? nil : $0 }
            result.append(SpendLine(
                sourceLine: allowance.sourceLine, supplier: supplier, invoiceNumber: number, kind: kind, invoiceDate: issueDate,
                amount: Money(ore: amount.ore * sign * (isCharge ? 1 : -1)), currency: currency, account: documentAccount,
                cpv: nil, text: reason.map { "\(label): \($0)" } ?? label))
        }
        let signedTotal = Money(ore: total.ore * sign)
        let sum = result.reduce(Money.zero) { $0 + $1.amount }
        guard sum == signedTotal else {
            throw SpendFileError(line: nil, reason: .totalsDoNotAddUp(expected: signedTotal, found: sum))
        }
        return PEPPOLDocument(
            format: format, number: number, issueDate: issueDate, currency: currency, supplier: supplier, buyer: buyer,
            taxExclusiveAmount: signedTotal, lines: result)
    }

    private func missing(_ path: String) -> SpendFileError {
        SpendFileError(line: nil, reason: .missingElement(path))
    }

    /// UBL amounts are plain decimals with a point; more than two non-zero decimals cannot be
    /// booked in öre/cents and are refused rather than rounded.
    static func amount(_ text: String, path: String, line: Int?) throws(SpendFileError) -> Money {
        if let money = Money(decimal: text) { return money }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 2, let whole = parts.first, Money(decimal: whole) != nil, !parts[1].isEmpty,
           parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw SpendFileError(line: line, reason: .tooManyDecimals(column: path, value: text))
        }
        throw SpendFileError(line: line, reason: .notANumber(column: path, value: text))
    }

    /// The party's Swedish organisationsnummer when it has one, and the stable identifier
    /// spend is grouped by.
    static func reference(_ party: Party, path: String) throws(SpendFileError) -> SupplierReference {
        guard let name = [party.registrationName, party.partyName].compactMap({ $0 }).first(where: { !$0.isEmpty }) else {
            throw SpendFileError(line: nil, reason: .missingElement("\(path)/cac:PartyLegalEntity/cbc:RegistrationName"))
        }
        var organisationNumber: OrganisationNumber?
        var swedishDigits: String?
        if let companyID = party.legalCompanyID {
            if party.legalCompanyScheme == "0007" {
                let digits = try swedish(companyID)
                organisationNumber = digits.number
                swedishDigits = digits.digits
            } else if let digits = try? swedish(companyID), digits.number != nil {
                organisationNumber = digits.number
                swedishDigits = digits.digits
            }
        }
        if swedishDigits == nil, party.endpointScheme == "0007", let endpoint = party.endpointID {
            let digits = try swedish(endpoint)
            organisationNumber = digits.number
            swedishDigits = digits.digits
        }
        if swedishDigits == nil {
            for vat in party.taxCompanyIDs {
                let compact = vat.filter { $0 != " " }
                guard compact.count == 14, compact.hasPrefix("SE"), compact.hasSuffix("01") else { continue }
                if let number = try? OrganisationNumber(String(compact.dropFirst(2).prefix(10))) {
                    organisationNumber = number
                    swedishDigits = number.digits
                    break
                }
            }
        }
        let identifier: String
        if let swedishDigits {
            identifier = swedishDigits
        } else if let endpoint = party.endpointID, !endpoint.isEmpty {
            identifier = party.endpointScheme.map { "\($0):\(endpoint)" } ?? endpoint
        } else if let id = party.partyIdentification, !id.isEmpty {
            identifier = party.partyIdentificationScheme.map { "\($0):\(id)" } ?? id
        } else {
            throw SpendFileError(line: nil, reason: .missingElement("\(path)/cbc:EndpointID"))
        }
        return SupplierReference(organisationNumber: organisationNumber, identifier: identifier, name: name)
    }

    /// Ten Luhn-valid digits: an organisationsnummer, or a sole trader's personnummer (no
    /// organisation number, but still a stable identifier). A check-digit typo is an error.
    static func swedish(_ text: String) throws(SpendFileError) -> (digits: String, number: OrganisationNumber?) {
        var compact = text.filter { $0 != " " && $0 != "-" }
        if compact.count == 12, compact.allSatisfy(\.isASCIIDigit), ["16", "19", "20"].contains(String(compact.prefix(2))) {
            compact = String(compact.dropFirst(2))
        }
        do {
            let number = try OrganisationNumber(compact)
            return (number.digits, number)
        } catch .notALegalPerson {
            let digits = compact.compactMap { $0.wholeNumberValue }
            if Luhn.isValid(digits) { return (compact, nil) }
            throw SpendFileError(line: nil, reason: .badOrganisationNumber(value: text, problem: .checkDigit))
        } catch {
            throw SpendFileError(line: nil, reason: .badOrganisationNumber(value: text, problem: error))
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
