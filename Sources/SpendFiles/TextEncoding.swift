/// The character encoding a CSV was read in.
public enum TextEncodingName: String, Sendable, Codable {
    case utf8 = "utf-8"
    /// What Excel and older Swedish accounting systems write when they do not write UTF-8.
    case windows1252 = "windows-1252"
}

enum TextEncoding {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    static func hasUTF8BOM(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    /// UTF-16 and UTF-32 files announce themselves by a BOM or betray themselves by NUL bytes;
    /// neither occurs in a text file we can read, so both are refused up front.
    static func looksLikeUTF16(_ bytes: [UInt8]) -> Bool {
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            return true
        }
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.firstIndex(of: 0) != nil
        }
    }

    /// The offset of the first byte that breaks UTF-8, or nil when all of it is valid.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        var index = 0
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            var minimum: UInt32
            var scalar: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(lead & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(lead & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(lead & 0x07)
            default: return index
            }
            guard index + length <= count else { return index }
            for offset in 1..<length {
                let continuation = bytes[index + offset]
                guard continuation & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(continuation & 0x3F)
            }
            // Overlong forms, surrogates and values beyond Unicode are as foreign as Latin-1.
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return index }
            index += length
            minimum = 0
        }
        return nil
    }

    /// Windows-1252 to Unicode: 0x80–0x9F hold typographic characters, nil where undefined;
    /// every other byte is its own code point (Latin-1).
    static let windows1252High: [UInt32?] = [
        0x20AC, nil, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, nil, 0x017D, nil,
        nil, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, nil, 0x017E, 0x0178,
    ]

    /// The whole buffer as UTF-8, so that the reader has one encoding to parse.
    static func decodeWindows1252(_ bytes: [UInt8]) throws(SpendFileError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var line = 1
        for (offset, byte) in bytes.enumerated() {
            if byte < 0x80 {
                if byte == 0x0A { line += 1 }
                output.append(byte)
                continue
            }
            let scalar: UInt32
            if byte < 0xA0 {
                guard let mapped = windows1252High[Int(byte - 0x80)] else {
                    throw SpendFileError(line: line, reason: .undecodable(byte: byte, byteOffset: offset))
                }
                scalar = mapped
            } else {
                scalar = UInt32(byte)
            }
            if scalar < 0x800 {
                output.append(UInt8(0xC0 | scalar >> 6))
                output.append(UInt8(0x80 | scalar & 0x3F))
            } else {
                output.append(UInt8(0xE0 | scalar >> 12))
                output.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
                output.append(UInt8(0x80 | scalar & 0x3F))
            }
        }
        return output
    }

    /// The 1-based line of a byte offset, for errors found before lines are counted.
    static func line(ofOffset offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A { line += 1 }
        return line
    }
}
