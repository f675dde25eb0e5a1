import Foundation
import Hummingbird
import Procurement
import Store

/// What an office shows the public: the directory of offices and each office's members.
/// Member organisations of a public body are public facts (offentlighetsprincipen).
struct OfficeRoutes: Sendable {
    let database: Database
    let pages: Pages

    struct OrganisationView: ResponseEncodable {
        var id: UUID
        var kind: OrganisationKind
        var name: String
        var organisationNumber: String
        var kommunkod: String?
        var population: Int?
        var memberFrom: CalendarDate
        var memberTo: CalendarDate?

        init(_ organisation: Organisation) {
            id = organisation.id
            kind = organisation.kind
            name = organisation.name
            organisationNumber = organisation.organisationNumber.formatted
            kommunkod = organisation.kommunkod?.code
            population = organisation.population
            memberFrom = organisation.memberFrom
            memberTo = organisation.memberTo
        }
    }

    struct OfficeListing: ResponseEncodable {
        var offices: [Office.Listing]
    }

    struct OrganisationListing: ResponseEncodable {
        var office: Office.Listing
        var organisations: [OrganisationView]
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/") { _, _ -> Response in
            let offices = try await directory()
            return try pages.render("home", [
                "hasOffices": !offices.isEmpty,
                "offices": offices.map { ["slug": $0.slug, "name": $0.name] },
            ])
        }
        router.get("/kontor/:slug") { _, context -> Response in
            let (office, organisations) = try await members(of: try context.parameters.require("slug"))
            let today = CalendarDate.today
            return try pages.render("office", [
                "officeName": office.name, "slug": office.slug,
                "memberCount": organisations.filter { $0.isMember(on: today) }.count,
                "organisations": organisations.map { organisation in
                    [
                        "name": organisation.name,
                        "kind": organisation.kind.swedishName,
                        "organisationNumber": organisation.organisationNumber.formatted,
                        "kommunkod": organisation.kommunkod?.code ?? "–",
                        "population": organisation.population.map(SwedishNumber.format) ?? "–",
                        "memberFrom": organisation.memberFrom.iso,
                        "memberTo": organisation.memberTo?.iso ?? "–",
                    ]
                },
            ])
        }

        let api = router.group("api/v1")
        api.get("offices") { _, _ -> OfficeListing in
            OfficeListing(offices: try await directory())
        }
        api.get("offices/:slug/organisations") { _, context -> OrganisationListing in
            let (office, organisations) = try await members(of: try context.parameters.require("slug"))
            return OrganisationListing(office: office, organisations: organisations.map(OrganisationView.init))
        }
    }

    private func directory() async throws -> [Office.Listing] {
        try await database.transaction(as: .anonymous, readOnly: true) { try await $0.officeDirectory() }
    }

    /// Resolves the slug through the public directory, then reads as that office's public.
    private func members(of slug: String) async throws -> (Office.Listing, [Organisation]) {
        guard let office = try await directory().first(where: { $0.slug == slug }) else {
            throw AppError.notFound("office \(slug)")
        }
        let organisations = try await database.transaction(as: .publicReader(of: office.id), readOnly: true) {
            try await $0.organisations()
        }
        return (office, organisations)
    }
}

enum SwedishNumber {
    /// `64 700`: digits grouped by threes with a no-break space, as Swedish text does.
    static func format(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append("\u{00A0}") }
            grouped.append(character)
        }
        return (value < 0 ? "−" : "") + grouped
    }
}
