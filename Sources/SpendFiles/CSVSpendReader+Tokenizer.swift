extension CSVSpendReader {
    static let quote = UInt8(ascii: "\"")
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D

    /// The delimiter that occurs most often outside quotes on the first non-blank line; ties go
    /// to `;`, the Swedish Excel default, then tab, then `,`.
    static func detectDelimiter(_ buffer: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var index = 0
        // Leading blank lines say nothing about the delimiter.
        while index < buffer.count, [0x20, 0x09, lineFeed, carriageReturn].contains(buffer[index]) {
            if buffer[index] == 0x09 { break }
            index += 1
        }
        var semicolons = 0, commas = 0, tabs = 0
        var quoted = false
        while index < buffer.count {
            let byte = buffer[index]
            if byte == quote { quoted.toggle() }
            else if !quoted {
                if byte == lineFeed { break }
                if byte == UInt8(ascii: ";") { semicolons += 1 }
                else if byte == UInt8(ascii: ",") { commas += 1 }
                else if byte == 0x09 { tabs += 1 }
            }
            index += 1
        }
        if semicolons >= tabs, semicolons >= commas { return UInt8(ascii: ";") }
        return tabs >= commas ? 0x09 : UInt8(ascii: ",")
    }

    /// One RFC 4180 record into `fields`; returns the line it starts on, or nil at the end.
    /// Quoted fields may hold delimiters, doubled quotes and line breaks.
    static func readRecord(
        _ buffer: UnsafeBufferPointer<UInt8>, delimiter: UInt8, position: inout Int, line: inout Int,
        fields: inout [FieldRange], headers: [String]
    ) throws(SpendFileError) -> Int? {
        let count = buffer.count
        var index = position
        guard index < count else { return nil }
        let startLine = line
        fields.removeAll(keepingCapacity: true)
        while true {
            if index < count, buffer[index] == quote {
                index += 1
                let start = index
                var end = -1
                var escaped = false
                while index < count {
                    let byte = buffer[index]
                    if byte == quote {
                        if index + 1 < count, buffer[index + 1] == quote {
                            escaped = true
                            index += 2
                            continue
                        }
                        end = index
                        index += 1
                        break
                    }
                    if byte == lineFeed { line += 1 }
                    index += 1
                }
                guard end >= 0 else { throw SpendFileError(line: startLine, reason: .unterminatedQuote) }
                while index < count, buffer[index] == 0x20 || buffer[index] == carriageReturn { index += 1 }
                if index < count, buffer[index] != delimiter, buffer[index] != lineFeed {
                    let column = fields.count < headers.count ? headers[fields.count] : "#\(fields.count + 1)"
                    throw SpendFileError(line: startLine, reason: .textAfterQuote(column: column))
                }
                fields.append(FieldRange(start: start, end: end, quoted: true, escaped: escaped))
            } else {
                let start = index
                while index < count {
                    let byte = buffer[index]
                    if byte == delimiter || byte == lineFeed { break }
                    index += 1
                }
                var end = index
                if end > start, buffer[end - 1] == carriageReturn { end -= 1 }
                fields.append(FieldRange(start: start, end: end, quoted: false, escaped: false))
            }
            if index >= count {
                position = count
                return startLine
            }
            if buffer[index] == delimiter {
                index += 1
                continue
            }
            index += 1
            line += 1
            position = index
            return startLine
        }
    }

    /// Blank lines, and rows of nothing but delimiters that spreadsheets leave at the end.
    static func isBlank(_ buffer: UnsafeBufferPointer<UInt8>, _ fields: [FieldRange]) -> Bool {
        for field in fields {
            if field.quoted { return false }
            for index in field.start..<field.end where buffer[index] != 0x20 && buffer[index] != 0x09 { return false }
        }
        return true
    }

    /// The trimmed value, with doubled quotes undone.
    static func string(_ buffer: UnsafeBufferPointer<UInt8>, _ field: FieldRange) -> String {
        var start = field.start
        var end = field.end
        while start < end, buffer[start] == 0x20 || buffer[start] == 0x09 { start += 1 }
        while end > start, buffer[end - 1] == 0x20 || buffer[end - 1] == 0x09 { end -= 1 }
        guard field.escaped else {
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(end - start)
        var index = start
        while index < end {
            bytes.append(buffer[index])
            index += buffer[index] == quote && index + 1 < end && buffer[index + 1] == quote ? 2 : 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
