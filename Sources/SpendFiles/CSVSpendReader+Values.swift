import Procurement

extension CSVSpendReader {
    /// ISO dates (with or without hyphens, with a time of day appended by some exports) and
    /// European day-first dates. "03/04/2026" is refused: it reads as April in Sweden and as
    /// March in an American export, and a wrong guess would misplace spend silently.
    static func parseDate(_ buffer: UnsafeBufferPointer<UInt8>, _ fieldStart: Int, _ fieldEnd: Int) -> CalendarDate? {
        var start = fieldStart, end = fieldEnd
        trim(buffer, &start, &end)
        let length = end - start
        func number(_ from: Int, _ width: Int) -> Int? {
            var value = 0
            for index in from..<(from + width) {
                let digit = buffer[index] &- 0x30
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        let hyphen = UInt8(ascii: "-")
        if length >= 10, buffer[start + 4] == hyphen, buffer[start + 7] == hyphen {
            if length > 10, buffer[start + 10] != 0x20, buffer[start + 10] != UInt8(ascii: "T") { return nil }
            guard let year = number(start, 4), let month = number(start + 5, 2), let day = number(start + 8, 2) else { return nil }
            return CalendarDate(year: year, month: month, day: day)
        }
        if length == 8 {
            guard let year = number(start, 4), let month = number(start + 4, 2), let day = number(start + 6, 2) else { return nil }
            return CalendarDate(year: year, month: month, day: day)
        }
        if length == 10, buffer[start + 2] == buffer[start + 5],
           buffer[start + 2] == UInt8(ascii: ".") || buffer[start + 2] == UInt8(ascii: "/") {
            guard let first = number(start, 2), let second = number(start + 3, 2), let year = number(start + 6, 4) else { return nil }
            if buffer[start + 2] == UInt8(ascii: "/"), first <= 12, first != second { return nil }
            return CalendarDate(year: year, month: second, day: first)
        }
        return nil
    }

    /// Compacts the organisation-number cell and classifies it: a Swedish organisationsnummer
    /// (also when written as a VAT number or with a century), a sole trader's personnummer, or
    /// a foreign identifier kept as written.
    mutating func supplierReference(_ buffer: UnsafeBufferPointer<UInt8>, line: Int) throws(SpendFileError) -> SupplierReference {
        let numberField = fields[column.organisationNumber]
        let nameField = fields[column.name]
        scratch.removeAll(keepingCapacity: true)
        var index = numberField.start
        while index < numberField.end {
            let width = Self.spaceWidth(buffer, index, numberField.end)
            if width > 0 { index += width; continue }
            var byte = buffer[index]
            index += 1
            if byte == UInt8(ascii: "-") || byte == Self.quote { continue }
            if (0x61...0x7A).contains(byte) { byte -= 0x20 }
            scratch.append(byte)
        }
        guard !scratch.isEmpty else {
            throw SpendFileError(line: line, reason: .emptyValue(column: columns[column.organisationNumber]))
        }
        let name = Self.string(buffer, nameField)
        guard !name.isEmpty else { throw SpendFileError(line: line, reason: .emptyValue(column: columns[column.name])) }

        guard let digits = Self.swedishDigits(scratch) else {
            return SupplierReference(organisationNumber: nil, identifier: String(decoding: scratch, as: UTF8.self), name: name)
        }
        guard Self.luhn(scratch, digits) else {
            throw SpendFileError(
                line: line, reason: .badOrganisationNumber(value: Self.string(buffer, numberField), problem: .checkDigit))
        }
        let identifier = String(decoding: scratch[digits], as: UTF8.self)
        // A third digit below 2 is a month: a sole trader's personnummer, allowed but no organisation.
        guard scratch[digits.lowerBound + 2] >= UInt8(ascii: "2") else {
            return SupplierReference(organisationNumber: nil, identifier: identifier, name: name)
        }
        var key: UInt64 = 0
        for index in digits { key = key * 10 + UInt64(scratch[index] &- 0x30) }
        if let known = organisationNumbers[key] {
            return SupplierReference(organisationNumber: known, identifier: identifier, name: name)
        }
        let number = try? OrganisationNumber(identifier)
        if let number { organisationNumbers[key] = number }
        return SupplierReference(organisationNumber: number, identifier: identifier, name: name)
    }

    /// Where the ten Swedish digits sit in a compact identifier: plain, with a century
    /// (16, 19 or 20), or inside a Swedish VAT number (SE + twelve digits ending in 01).
    static func swedishDigits(_ compact: [UInt8]) -> Range<Int>? {
        func allDigits(_ range: Range<Int>) -> Bool { compact[range].allSatisfy { $0 &- 0x30 < 10 } }
        switch compact.count {
        case 10 where allDigits(0..<10):
            return 0..<10
        case 12 where allDigits(0..<12):
            let century = (compact[0] &- 0x30) * 10 + (compact[1] &- 0x30)
            return [16, 19, 20].contains(century) ? 2..<12 : nil
        case 14 where compact[0] == UInt8(ascii: "S") && compact[1] == UInt8(ascii: "E") && allDigits(2..<14)
            && compact[12] == UInt8(ascii: "0") && compact[13] == UInt8(ascii: "1"):
            return 2..<12
        default:
            return nil
        }
    }

    static func luhn(_ compact: [UInt8], _ digits: Range<Int>) -> Bool {
        var sum = 0
        for (position, index) in digits.enumerated() {
            let digit = Int(compact[index] &- 0x30)
            let weighted = position % 2 == 0 ? digit * 2 : digit
            sum += weighted > 9 ? weighted - 9 : weighted
        }
        return sum % 10 == 0
    }
}
