import Foundation
import HTTPTypes
import Procurement
import Server
import Store
import Testing
import TestSupport

/// The supplier register through the JSON API, over real HTTP on 127.0.0.1 as the demo
/// people with API tokens: the procurer registers suppliers and records their checks, a
/// member's coordinator reads the register only, and the other office sees none of it. The
/// day is fixed (Monday 2026-11-23); every supplier here is the test's own.
@Suite struct SupplierHTTPTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 23)!

    /// An invented, Luhn-valid organisationsnummer, `559888-NNNC`: `99999` in digits 2–6 is the
    /// demo data's, these are the tests' own.
    static func organisationNumber(_ serial: Int) -> String {
        let payload = [5, 5, 9, 8, 8, 8] + String(format: "%03d", serial).map { Int(String($0))! }
        let digits = payload.map(String.init).joined() + String(Luhn.checkDigit(for: payload))
        return String(digits.prefix(6)) + "-" + String(digits.suffix(4))
    }

    static func name(_ email: String) -> String {
        DemoData.jamtland.users.first { $0.user.email.normalized == email }!.user.name
    }

    func message(_ body: [String: Any]) -> String {
        ((body["error"] as? [String: Any])?["message"] as? String) ?? ""
    }

    func ids(_ list: [String: Any]) -> [String] {
        (list["suppliers"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
    }

    @Test func theProcurerRegistersASupplierAndClearsItWithChecks() async throws {
        try await APIFixture.withApp(today: Self.today) { app in
            let procurer = try await app.token("upphandlare@jamtland.example")
            let number = Self.organisationNumber(1)
            let (created, supplier) = try await app.call(.post, "/api/v1/suppliers", procurer, json: """
                {"name": " Norrlands Städ AB (test) ", "organisationNumber": "\(number)"}
                """)
            #expect(created == .created)
            let id = try #require(supplier["id"] as? String)
            #expect(supplier["name"] as? String == "Norrlands Städ AB (test)")
            #expect(supplier["country"] as? String == "SE")
            #expect(supplier["nationalID"] as? String == number.replacingOccurrences(of: "-", with: ""))
            #expect(supplier["organisationNumber"] as? String == number)
            #expect(supplier["missingChecks"] as? [String] == ["f_tax", "taxes_and_debts", "exclusion_grounds"])
            #expect(supplier["clearedForContract"] as? Bool == false)
            #expect((supplier["checks"] as? [Any])?.isEmpty == true)

            // The same organisationsnummer again, without its hyphen and under another name: 409.
            let (duplicate, duplicateBody) = try await app.call(.post, "/api/v1/suppliers", procurer, json: """
                {"name": "Annat namn AB", "country": "se", "nationalID": "\(number.replacingOccurrences(of: "-", with: ""))"}
                """)
            #expect(duplicate == .conflict)
            #expect((duplicateBody["error"] as? [String: Any])?["code"] as? String == "conflict")
            #expect(message(duplicateBody).contains("in the register already") && message(duplicateBody).contains("Norrlands Städ AB (test)"))
            #expect(message(duplicateBody).contains(number))

            // A number that is not an organisationsnummer: 422, saying why.
            let wrongDigit = String(number.dropLast()) + String((Int(String(number.last!))! + 1) % 10)
            let (invalid, invalidBody) = try await app.call(.post, "/api/v1/suppliers", procurer, json: """
                {"name": "Felskrivna AB", "organisationNumber": "\(wrongDigit)"}
                """)
            #expect(invalid == .unprocessableContent)
            #expect((invalidBody["error"] as? [String: Any])?["code"] as? String == "invalid")
            #expect(message(invalidBody).contains("not a valid organisationsnummer") && message(invalidBody).contains("check digit"))
            let (short, shortBody) = try await app.call(.post, "/api/v1/suppliers", procurer, json: #"{"name": "Kort AB", "organisationNumber": "5598880"}"#)
            #expect(short == .unprocessableContent && message(shortBody).contains("ten digits"))
            let (missing, missingBody) = try await app.call(.post, "/api/v1/suppliers", procurer, json: #"{"name": "Utan nummer AB"}"#)
            #expect(missing == .unprocessableContent && message(missingBody).contains("organisationNumber"))
            let (noName, noNameBody) = try await app.call(.post, "/api/v1/suppliers", procurer, json: """
                {"name": "  ", "organisationNumber": "\(Self.organisationNumber(2))"}
                """)
            #expect(noName == .unprocessableContent && message(noNameBody).contains("`name`"))
            for country in ["Sverige", "XX", "S1", "SWE", "EU"] {
                let (status, body) = try await app.call(.post, "/api/v1/suppliers", procurer, json: """
                    {"name": "Landlös AB", "country": "\(country)", "nationalID": "12345"}
                    """)
                #expect(status == .unprocessableContent && message(body).contains("ISO 3166-1 alpha-2"), "\(country)")
            }

            // A foreign supplier keeps its own registration number; it has no organisationsnummer.
            let (foreign, foreignBody) = try await app.call(.post, "/api/v1/suppliers", procurer, json: """
                {"name": "Nordisk Renhold AS (test)", "country": "no", "nationalID": "NO 998 877 665"}
                """)
            #expect(foreign == .created)
            #expect(foreignBody["country"] as? String == "NO" && foreignBody["nationalID"] as? String == "NO 998 877 665")
            #expect(foreignBody["organisationNumber"] == nil)
            #expect(try await app.call(.post, "/api/v1/suppliers", procurer, json: """
                {"name": "Nordisk Renhold AS", "country": "NO", "nationalID": "NO 998 877 665"}
                """).0 == .conflict)

            // Checks that cannot be right are refused with what is wrong.
            let checks = "/api/v1/suppliers/\(id)/checks"
            let (future, futureBody) = try await app.call(.post, checks, procurer, json: """
                {"kind": "f_tax", "result": "passed", "checkedOn": "2026-11-24", "validUntil": "2027-11-23"}
                """)
            #expect(future == .unprocessableContent && message(futureBody).contains("checkedOn"))
            let (backwards, backwardsBody) = try await app.call(.post, checks, procurer, json: """
                {"kind": "f_tax", "result": "passed", "checkedOn": "2026-11-20", "validUntil": "2026-11-19"}
                """)
            #expect(backwards == .unprocessableContent && message(backwardsBody).contains("validUntil"))
            let (open, openBody) = try await app.call(.post, checks, procurer, json: #"{"kind": "f_tax", "result": "passed", "checkedOn": "2026-11-20"}"#)
            #expect(open == .unprocessableContent && message(openBody).contains("validUntil"))
            #expect(try await app.call(.post, checks, procurer, json: #"{"kind": "credit", "result": "passed", "checkedOn": "2026-11-20", "validUntil": "2027-11-20"}"#).0 == .badRequest)
            #expect(try await app.call(.post, checks, procurer, json: #"{"kind": "f_tax", "result": "ok", "checkedOn": "2026-11-20", "validUntil": "2027-11-20"}"#).0 == .badRequest)
            #expect(try await app.call(.post, "/api/v1/suppliers/\(UUID().uuidString)/checks", procurer, json: """
                {"kind": "f_tax", "result": "passed", "checkedOn": "2026-11-20", "validUntil": "2027-11-20"}
                """).0 == .notFound)

            // The checks one by one: what is missing shrinks to nothing.
            func record(_ json: String) async throws -> [String: Any] {
                let (status, body) = try await app.call(.post, checks, procurer, json: json)
                #expect(status == .created, "\(body)")
                return body
            }
            var after = try await record(#"{"kind": "f_tax", "result": "passed", "checkedOn": "2026-11-02", "validUntil": "2027-11-01", "note": "Skatteverket, utdrag"}"#)
            #expect(after["missingChecks"] as? [String] == ["taxes_and_debts", "exclusion_grounds"])
            // A failed check needs no end date: it stands on its day.
            after = try await record(#"{"kind": "taxes_and_debts", "result": "failed", "checkedOn": "2026-11-02", "note": "Skuld hos Kronofogden"}"#)
            #expect(after["missingChecks"] as? [String] == ["taxes_and_debts", "exclusion_grounds"])
            after = try await record(#"{"kind": "taxes_and_debts", "result": "passed", "checkedOn": "2026-11-20", "validUntil": "2027-02-20"}"#)
            #expect(after["missingChecks"] as? [String] == ["exclusion_grounds"])
            // References are not required: they change nothing.
            after = try await record(#"{"kind": "references", "result": "failed", "checkedOn": "2026-11-20"}"#)
            #expect(after["missingChecks"] as? [String] == ["exclusion_grounds"])
            after = try await record(#"{"kind": "exclusion_grounds", "result": "passed", "checkedOn": "2026-11-23", "validUntil": "2027-11-22"}"#)
            #expect(after["missingChecks"] as? [String] == [])
            #expect(after["clearedForContract"] as? Bool == true)

            // The database's own rule, which activating a contract applies, agrees.
            let jamtland = DemoData.jamtland.office.id
            let supplierID = try #require(UUID(uuidString: id))
            #expect(try await app.store.transaction(as: .system(of: jamtland), readOnly: true) {
                try await $0.supplierCleared(id: supplierID, on: Self.today)
            })

            // The checks with who made them, oldest first.
            let (_, vetting) = try await app.call(.get, checks, procurer)
            let recorded = try #require(vetting["checks"] as? [[String: Any]])
            #expect(recorded.count == 5)
            #expect(recorded.allSatisfy { $0["checkedByName"] as? String == Self.name("upphandlare@jamtland.example") })
            #expect(recorded.first?["kind"] as? String == "f_tax" && recorded.first?["note"] as? String == "Skatteverket, utdrag")
            #expect(recorded[1]["validUntil"] as? String == "2026-11-02" && recorded[1]["current"] as? Bool == false)
            #expect(recorded.last?["kind"] as? String == "exclusion_grounds" && recorded.last?["current"] as? Bool == true)
            #expect(vetting["clearedForContract"] as? Bool == true)

            // A later failed check overrides the passed one: not cleared, here and in the database.
            after = try await record(#"{"kind": "exclusion_grounds", "result": "failed", "checkedOn": "2026-11-23", "note": "Dom för brott"}"#)
            #expect(after["missingChecks"] as? [String] == ["exclusion_grounds"])
            #expect(try await !app.store.transaction(as: .system(of: jamtland), readOnly: true) {
                try await $0.supplierCleared(id: supplierID, on: Self.today)
            })

            // Renamed, and found by name in any case and by number with or without its hyphen.
            let (renamed, renamedBody) = try await app.call(.patch, "/api/v1/suppliers/\(id)", procurer, json: #"{"name": "Norrlands Städ & Fönsterputs AB (test)"}"#)
            #expect(renamed == .ok && renamedBody["name"] as? String == "Norrlands Städ & Fönsterputs AB (test)")
            #expect(renamedBody["organisationNumber"] as? String == number, "the number stays")
            #expect(try await app.call(.patch, "/api/v1/suppliers/\(id)", procurer, json: #"{"name": ""}"#).0 == .unprocessableContent)
            for term in ["städ", "NORRLANDS STÄD", "559888", String(number.prefix(8)), number] {
                let (_, found) = try await app.call(.get, "/api/v1/suppliers?q=\(term.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", procurer)
                #expect(ids(found).contains(id), "\(term)")
            }
            let (_, nothing) = try await app.call(.get, "/api/v1/suppliers?q=Fj%C3%A4llbygg", procurer)
            #expect(!ids(nothing).contains(id))
            let (_, everything) = try await app.call(.get, "/api/v1/suppliers", procurer)
            let listed = try #require((everything["suppliers"] as? [[String: Any]])?.first { $0["id"] as? String == id })
            #expect(listed["missingChecks"] as? [String] == ["exclusion_grounds"])
            #expect(listed["checks"] == nil, "the list carries the vetting state, not every check")
        }
    }

    @Test func aMembersCoordinatorReadsTheRegisterButNotTheChecks() async throws {
        try await APIFixture.withApp(today: Self.today) { app in
            let controller = try await app.token("controller@jamtland.example")
            let krokom = try await app.token("krokom@jamtland.example", role: .coordinator)
            let (_, supplier) = try await app.call(.post, "/api/v1/suppliers", controller, json: """
                {"name": "Jämtbygg AB (test)", "organisationNumber": "\(Self.organisationNumber(3))"}
                """)
            let id = try #require(supplier["id"] as? String)
            #expect(try await app.call(.post, "/api/v1/suppliers/\(id)/checks", controller, json: """
                {"kind": "f_tax", "result": "passed", "checkedOn": "2026-11-23", "validUntil": "2027-11-22"}
                """).0 == .created)

            let (listed, list) = try await app.call(.get, "/api/v1/suppliers", krokom)
            #expect(listed == .ok)
            let row = try #require((list["suppliers"] as? [[String: Any]])?.first { $0["id"] as? String == id })
            #expect(row["name"] as? String == "Jämtbygg AB (test)")
            #expect(row["missingChecks"] == nil && row["clearedForContract"] == nil)
            let (read, one) = try await app.call(.get, "/api/v1/suppliers/\(id)", krokom)
            #expect(read == .ok && one["organisationNumber"] as? String == Self.organisationNumber(3))
            #expect(one["checks"] == nil && one["missingChecks"] == nil)

            let (forbidden, forbiddenBody) = try await app.call(.post, "/api/v1/suppliers", krokom, json: """
                {"name": "Krokoms favorit AB", "organisationNumber": "\(Self.organisationNumber(4))"}
                """)
            #expect(forbidden == .forbidden && (forbiddenBody["error"] as? [String: Any])?["code"] as? String == "forbidden")
            #expect(try await app.call(.get, "/api/v1/suppliers/\(id)/checks", krokom).0 == .forbidden)
            #expect(try await app.call(.post, "/api/v1/suppliers/\(id)/checks", krokom, json: """
                {"kind": "f_tax", "result": "passed", "checkedOn": "2026-11-23", "validUntil": "2027-11-22"}
                """).0 == .forbidden)
            #expect(try await app.call(.patch, "/api/v1/suppliers/\(id)", krokom, json: #"{"name": "Nytt namn"}"#).0 == .forbidden)
            let (_, unchanged) = try await app.call(.get, "/api/v1/suppliers/\(id)", controller)
            #expect(unchanged["name"] as? String == "Jämtbygg AB (test)")
            #expect((unchanged["checks"] as? [Any])?.count == 1, "nothing the coordinator sent was recorded")
            #expect(ids(try await app.call(.get, "/api/v1/suppliers?q=Krokoms%20favorit", controller).1).isEmpty)

            // The office-wide reader reads the checks; it records none.
            let viewer = try await app.token("lasare@jamtland.example")
            let (_, viewed) = try await app.call(.get, "/api/v1/suppliers/\(id)", viewer)
            #expect((viewed["checks"] as? [Any])?.count == 1 && viewed["missingChecks"] as? [String] == ["taxes_and_debts", "exclusion_grounds"])
            #expect(try await app.call(.get, "/api/v1/suppliers/\(id)/checks", viewer).0 == .ok)
            #expect(try await app.call(.post, "/api/v1/suppliers/\(id)/checks", viewer, json: """
                {"kind": "taxes_and_debts", "result": "passed", "checkedOn": "2026-11-23", "validUntil": "2027-11-22"}
                """).0 == .forbidden)
        }
    }

    @Test func nothingOfJamtlandsRegisterReachesMittnorr() async throws {
        try await APIFixture.withApp(today: Self.today) { app in
            let procurer = try await app.token("upphandlare@jamtland.example")
            let number = Self.organisationNumber(5)
            let (_, supplier) = try await app.call(.post, "/api/v1/suppliers", procurer, json: """
                {"name": "Hemligt Jämtland AB (test)", "organisationNumber": "\(number)"}
                """)
            let id = try #require(supplier["id"] as? String)
            #expect(try await app.call(.post, "/api/v1/suppliers/\(id)/checks", procurer, json: """
                {"kind": "f_tax", "result": "passed", "checkedOn": "2026-11-23", "validUntil": "2027-11-22"}
                """).0 == .created)

            for (email, token) in [
                ("admin@mittnorr.example", try await app.token("admin@mittnorr.example", office: DemoData.mittnorr)),
                ("sundsvall@mittnorr.example", try await app.token("sundsvall@mittnorr.example", office: DemoData.mittnorr)),
            ] {
                let (_, list) = try await app.call(.get, "/api/v1/suppliers", token)
                #expect(!ids(list).contains(id), "\(email)")
                let (_, search) = try await app.call(.get, "/api/v1/suppliers?q=\(number)", token)
                #expect(ids(search).isEmpty, "\(email)")
                #expect(try await app.call(.get, "/api/v1/suppliers/\(id)", token).0 == .notFound, "\(email)")
            }
            let mittnorr = try await app.token("admin@mittnorr.example", office: DemoData.mittnorr)
            #expect(try await app.call(.get, "/api/v1/suppliers/\(id)/checks", mittnorr).0 == .notFound)
            #expect(try await app.call(.patch, "/api/v1/suppliers/\(id)", mittnorr, json: #"{"name": "Kapat"}"#).0 == .notFound)
            #expect(try await app.call(.post, "/api/v1/suppliers/\(id)/checks", mittnorr, json: """
                {"kind": "f_tax", "result": "failed", "checkedOn": "2026-11-23"}
                """).0 == .notFound)
            // Each office keeps its own register: the same organisationsnummer is no duplicate there.
            let (theirs, theirBody) = try await app.call(.post, "/api/v1/suppliers", mittnorr, json: """
                {"name": "Mittnorrs egen post (test)", "organisationNumber": "\(number)"}
                """)
            #expect(theirs == .created && theirBody["id"] as? String != id)
            #expect(!String(describing: theirBody).contains("Hemligt Jämtland"))

            let (_, ours) = try await app.call(.get, "/api/v1/suppliers/\(id)", procurer)
            #expect(ours["name"] as? String == "Hemligt Jämtland AB (test)" && (ours["checks"] as? [Any])?.count == 1)
        }
    }
}
