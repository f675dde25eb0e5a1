extension CSVSpendReader {
    enum AmountParse: Equatable {
        case amount(Int64)
        case empty
        case notANumber
        case tooManyDecimals
    }

    private static let comma = UInt8(ascii: ",")
    private static let point = UInt8(ascii: ".")

    /// Skips a space, a tab, U+00A0 or U+202F at `index` (all used as thousands separators or
    /// padding); returns the width skipped, 0 when there is none.
    @inline(__always)
    static func spaceWidth(_ buffer: UnsafeBufferPointer<UInt8>, _ index: Int, _ end: Int) -> Int {
        let byte = buffer[index]
        if byte == 0x20 || byte == 0x09 { return 1 }
        if byte == 0xC2, index + 1 < end, buffer[index + 1] == 0xA0 { return 2 }
        if byte == 0xE2, index + 2 < end, buffer[index + 1] == 0x80, buffer[index + 2] == 0xAF { return 3 }
        return 0
    }

    @inline(__always)
    static func trailingSpaceWidth(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        let byte = buffer[end - 1]
        if byte == 0x20 || byte == 0x09 { return 1 }
        if byte == 0xA0, end - 2 >= start, buffer[end - 2] == 0xC2 { return 2 }
        if byte == 0xAF, end - 3 >= start, buffer[end - 3] == 0xE2, buffer[end - 2] == 0x80 { return 3 }
        return 0
    }

    static func trim(_ buffer: UnsafeBufferPointer<UInt8>, _ start: inout Int, _ end: inout Int) {
        while start < end {
            let width = spaceWidth(buffer, start, end)
            if width == 0 { break }
            start += width
        }
        while end > start {
            let width = trailingSpaceWidth(buffer, start, end)
            if width == 0 { break }
            end -= width
        }
    }

    /// Lower-cases ASCII only, for comparing the "kr"/"SEK" suffix.
    @inline(__always)
    private static func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }

    /// An exact amount in hundredths. Exports write amounts every which way ("-1 234,50",
    /// "1.234,50", "(500)", "500-", "12 kr"); the one thing never done is rounding.
    ///
    /// A lone separator followed by exactly three digits is ambiguous ("1,234") and is read
    /// with the file's `decimal`.
    static func parseAmount(_ buffer: UnsafeBufferPointer<UInt8>, _ fieldStart: Int, _ fieldEnd: Int, decimal: UInt8) -> AmountParse {
        var start = fieldStart, end = fieldEnd
        trim(buffer, &start, &end)
        guard start < end else { return .empty }
        if end - start >= 2, lower(buffer[end - 2]) == UInt8(ascii: "k"), lower(buffer[end - 1]) == UInt8(ascii: "r") {
            end -= 2
            trim(buffer, &start, &end)
        } else if end - start >= 3, lower(buffer[end - 3]) == UInt8(ascii: "s"), lower(buffer[end - 2]) == UInt8(ascii: "e"),
                  lower(buffer[end - 1]) == UInt8(ascii: "k") {
            end -= 3
            trim(buffer, &start, &end)
        }
        guard start < end else { return .notANumber }
        var negative = false
        if buffer[start] == UInt8(ascii: "("), buffer[end - 1] == UInt8(ascii: ")") {
            negative = true
            start += 1
            end -= 1
            trim(buffer, &start, &end)
            guard start < end else { return .notANumber }
        }
        if buffer[start] == UInt8(ascii: "-") || buffer[start] == UInt8(ascii: "+") {
            guard !negative || buffer[start] == UInt8(ascii: "+") else { return .notANumber }
            negative = buffer[start] == UInt8(ascii: "-")
            start += 1
        } else if end - start >= 3, buffer[start] == 0xE2, buffer[start + 1] == 0x88, buffer[start + 2] == 0x92 {
            // U+2212 MINUS SIGN, as typeset reports write it.
            negative = true
            start += 3
        } else if buffer[end - 1] == UInt8(ascii: "-"), !negative {
            negative = true
            end -= 1
        }
        trim(buffer, &start, &end)
        guard start < end else { return .notANumber }

        var lastComma = -1, lastPoint = -1, commas = 0, points = 0, digits = 0
        var index = start
        while index < end {
            let byte = buffer[index]
            if byte &- 0x30 < 10 { digits += 1; index += 1 }
            else if byte == comma { commas += 1; lastComma = index; index += 1 }
            else if byte == point { points += 1; lastPoint = index; index += 1 }
            else {
                let width = spaceWidth(buffer, index, end)
                guard width > 0 else { return .notANumber }
                index += width
            }
        }
        guard digits > 0 else { return .notANumber }

        var decimalAt = -1
        if commas > 0, points > 0 {
            decimalAt = max(lastComma, lastPoint)
            if (buffer[decimalAt] == comma ? commas : points) > 1 { return .notANumber }
        } else if commas + points == 1 {
            let at = commas == 1 ? lastComma : lastPoint
            if end - at - 1 != 3 || buffer[at] == decimal { decimalAt = at }
        }

        var ore: Int64 = 0
        index = start
        let wholeEnd = decimalAt >= 0 ? decimalAt : end
        while index < wholeEnd {
            let digit = buffer[index] &- 0x30
            if digit < 10 {
                let (times, overflowA) = ore.multipliedReportingOverflow(by: 10)
                let (plus, overflowB) = times.addingReportingOverflow(Int64(digit))
                if overflowA || overflowB { return .notANumber }
                ore = plus
            }
            index += 1
        }
        var cents: Int64 = 0
        if decimalAt >= 0 {
            index = decimalAt + 1
            guard index < end else { return .notANumber }
            var position = 0
            while index < end {
                let digit = buffer[index] &- 0x30
                guard digit < 10 else { return .notANumber }
                if position == 0 { cents += Int64(digit) * 10 }
                else if position == 1 { cents += Int64(digit) }
                else if digit != 0 { return .tooManyDecimals }
                position += 1
                index += 1
            }
        }
        let (scaled, overflowC) = ore.multipliedReportingOverflow(by: 100)
        let (total, overflowD) = scaled.addingReportingOverflow(cents)
        if overflowC || overflowD { return .notANumber }
        return .amount(negative ? -total : total)
    }

    /// What one amount says about the file's decimal separator, or nil when it says nothing:
    /// "1,234" could be either, "12,5" or "1.234,50" or "1,234,567" cannot.
    static func decimalEvidence(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> DecimalSeparator? {
        var lastComma = -1, lastPoint = -1, commas = 0, points = 0
        for index in start..<end {
            let byte = buffer[index]
            if byte == comma { commas += 1; lastComma = index }
            else if byte == point { points += 1; lastPoint = index }
        }
        if commas > 0, points > 0 { return lastComma > lastPoint ? .comma : .point }
        if commas > 1 { return .point }
        if points > 1 { return .comma }
        let at = commas == 1 ? lastComma : points == 1 ? lastPoint : -1
        guard at >= 0 else { return nil }
        var following = 0
        var index = at + 1
        while index < end, buffer[index] &- 0x30 < 10 { following += 1; index += 1 }
        if following != 3 { return commas == 1 ? .comma : .point }
        return nil
    }

    /// Scans the amount column until one value settles the question: usually the first row,
    /// the whole file only when every amount is ambiguous. Errors are left to the real pass.
    static func decideDecimalSeparator(
        _ buffer: UnsafeBufferPointer<UInt8>, delimiter: UInt8, from start: Int, line startLine: Int,
        amountColumn: Int, columnCount: Int
    ) -> DecimalSeparator {
        var position = start
        var line = startLine
        var fields: [FieldRange] = []
        while true {
            do throws(SpendFileError) {
                guard try readRecord(buffer, delimiter: delimiter, position: &position, line: &line, fields: &fields, headers: []) != nil
                else { break }
            } catch { break }
            guard fields.count == columnCount, amountColumn < fields.count else { continue }
            let field = fields[amountColumn]
            if let evidence = decimalEvidence(buffer, field.start, field.end) { return evidence }
        }
        return delimiter == UInt8(ascii: ",") ? .point : .comma
    }
}
