enum ConstantTime {
    /// Looks at every byte whatever it finds, so the time taken does not tell an attacker how
    /// much of a guess was right. Lengths are not secret (every token has the same one).
    static func equals(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
