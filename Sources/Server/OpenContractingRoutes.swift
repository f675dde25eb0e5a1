import Foundation
import HTTPTypes
import Hummingbird
import OpenContracting
import Procurement
import Store

/// The office's open-contracting publication (OCDS 1.1): a release package at
/// `/kontor/<slug>/ocds.json`, the same under the API, for anyone. What it holds is what the
/// office's public identity may read, so the database decides what is published. The
/// administrator sets the office's OCID prefix, without which nothing can be published.
struct OpenContractingRoutes: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    struct PrefixInput: Decodable {
        /// `ocds-` and six lower-case letters or digits, as the OCDS registry assigns them; null clears it.
        var ocidPrefix: String?
    }

    struct PrefixView: ResponseEncodable {
        var ocidPrefix: String?
        /// Where the office's package is published, once it has a prefix.
        var publication: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/kontor/:slug/ocds.json") { request, context -> Response in
            try await package(slug: try context.parameters.require("slug"), request: request)
        }
        let api = router.group("api/v1")
        api.get("offices/:slug/ocds") { request, context -> Response in
            try await package(slug: try context.parameters.require("slug"), request: request)
        }
        api.get("office/ocid-prefix") { _, context -> PrefixView in
            let signedIn = try context.requireSignedIn()
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                let office = try await transaction.currentOffice()
                let prefix = try await transaction.ocidPrefix()
                return PrefixView(ocidPrefix: prefix, publication: prefix == nil ? nil : office.map(Self.path))
            }
        }
        api.put("office/ocid-prefix") { request, context -> PrefixView in
            let signedIn = try context.require([.administrator])
            let input = try await request.decode(as: PrefixInput.self, context: context)
            if let prefix = input.ocidPrefix, !Publication.OfficeInfo.isValidPrefix(prefix) {
                throw AppError.invalid("`ocidPrefix` must be `ocds-` and six lower-case letters or digits (the prefix the OCDS registry assigned the office)")
            }
            switch try await database.changeOCIDPrefix(to: input.ocidPrefix, as: signedIn.identity) {
            case .changed: break
            case .takenByAnotherOffice: throw AppError.conflict("another office publishes under \(input.ocidPrefix ?? "")")
            case .refused: throw AppError.forbidden
            }
            let office = try await database.transaction(as: signedIn.identity, readOnly: true) { try await $0.currentOffice() }
            return PrefixView(ocidPrefix: input.ocidPrefix, publication: input.ocidPrefix == nil ? nil : office.map(Self.path))
        }
    }

    /// The public address of an office's package, from the site's root.
    static func path(_ office: Office) -> String { "/kontor/\(office.slug)/ocds.json" }

    private func package(slug: String, request: Request) async throws -> Response {
        let offices = try await database.transaction(as: .anonymous, readOnly: true) { try await $0.officeDirectory() }
        guard let office = offices.first(where: { $0.slug == slug }),
              let read = try await database.openContractingPublication(officeID: office.id) else {
            throw AppError.notFound("office \(slug)")
        }
        switch read {
        case .prefixNotSet:
            // Not published yet rather than a fault: a harvester treats it like any missing feed.
            throw AppError(.notFound, code: "ocid_prefix_not_set", message: """
                \(office.name) publishes no open-contracting data yet: its OCID prefix is not set (the administrator \
                sets it with PUT /api/v1/office/ocid-prefix or `samverkan office ocid-prefix`)
                """)
        case .publication(let publication):
            let uri = siteRoot(of: request) + "/kontor/\(office.slug)/ocds.json"
            let data = try ReleasePackageBuilder(packageURI: uri).build(publication).jsonData()
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// `https://host` as the client reached the site: the package's `uri` must be absolute.
    /// A proxy that terminates TLS says so in `X-Forwarded-Proto`; a Host header that is not
    /// a plain host name gives way to the configured address.
    private func siteRoot(of request: Request) -> String {
        let forwarded = request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased()
        let scheme = forwarded == "https" || forwarded == "http" ? forwarded! : (configuration.secureCookies ? "https" : "http")
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
        if let authority = request.head.authority, !authority.isEmpty, authority.allSatisfy(allowed.contains) {
            return "\(scheme)://\(authority)"
        }
        return "\(scheme)://\(configuration.host):\(configuration.port)"
    }
}
