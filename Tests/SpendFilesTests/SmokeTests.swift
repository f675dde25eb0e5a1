import Testing
@testable import SpendFiles

@Test func smoke() { #expect(Bool(true)) }
