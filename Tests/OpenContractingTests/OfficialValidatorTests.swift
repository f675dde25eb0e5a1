import Foundation
import OpenContracting
import Testing
import TestSupport

/// The check: the package of a full scenario passes the official validator
/// (libcoveocds, offline, with the standard's 1.1.5 release) with zero errors.
@Suite struct OfficialValidatorTests {
    @Test func theFullScenarioValidates() throws {
        let json = try Scenario.builder.build(Scenario.publication).jsonData(prettyPrinted: true)
        let report = try LibCoveOCDS.validate(json: json)
        #expect(report.problems.isEmpty, "\(report.problems)\n\(report.output)")
        #expect(report.validationErrors.isEmpty)
        #expect(report.releaseCount == 7)
    }

    /// The check itself works: a package that breaks the schema is caught.
    @Test func theValidatorCatchesABrokenPackage() throws {
        var package = Scenario.builder.build(Scenario.publication)
        package.releases[0].tag = []
        package.releases[1].date = "16 March 2026"
        let report = try LibCoveOCDS.validate(json: try package.jsonData())
        #expect(report.validationErrors.count >= 2, "\(report.output)")
    }
}
