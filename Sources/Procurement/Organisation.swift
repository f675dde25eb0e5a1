import Foundation

/// The kinds of member organisation (*medlem*) a joint procurement office serves.
public enum OrganisationKind: String, Codable, Sendable, CaseIterable {
    /// *kommun*, with a four-digit *kommunkod*.
    case municipality
    /// *region*.
    case region
    /// *kommunalt bolag*: a company owned by one or more municipalities.
    case municipalCompany = "municipal_company"
    /// *kommunalförbund*: an association of municipalities.
    case association

    /// The Swedish word a page shows.
    public var swedishName: String {
        switch self {
        case .municipality: "Kommun"
        case .region: "Region"
        case .municipalCompany: "Kommunalt bolag"
        case .association: "Kommunalförbund"
        }
    }
}

/// A *kommunkod*: Statistics Sweden's four-digit municipality code, the first two digits the county.
public struct Kommunkod: Hashable, Sendable, Codable, CustomStringConvertible {
    public let code: String

    public init?(_ text: String) {
        guard text.count == 4, text.allSatisfy(\.isASCIIDigit) else { return nil }
        code = text
    }

    public var countyCode: String { String(code.prefix(2)) }
    public var description: String { code }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let value = Kommunkod(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Expected a four-digit kommunkod.")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

/// An office (*upphandlingskontor*): the tenant. Nothing crosses from one office to another.
public struct Office: Hashable, Sendable, Codable {
    public var id: UUID
    /// The office's short name in URLs, e.g. `jamtland`.
    public var slug: String
    public var name: String
    /// The prefix of the office's case numbers (*diarienummer*), e.g. `UK` in `UK 2026/0042`.
    public var casePrefix: String

    public init(id: UUID, slug: String, name: String, casePrefix: String) {
        self.id = id
        self.slug = slug
        self.name = name
        self.casePrefix = casePrefix
    }
}

/// A member organisation (*medlem*) of an office, with its membership period.
public struct Organisation: Hashable, Sendable, Codable {
    public var id: UUID
    public var officeID: UUID
    public var kind: OrganisationKind
    public var name: String
    public var organisationNumber: OrganisationNumber
    public var kommunkod: Kommunkod?
    public var population: Int?
    public var memberFrom: CalendarDate
    public var memberTo: CalendarDate?

    public init(
        id: UUID, officeID: UUID, kind: OrganisationKind, name: String,
        organisationNumber: OrganisationNumber, kommunkod: Kommunkod? = nil, population: Int? = nil,
        memberFrom: CalendarDate, memberTo: CalendarDate? = nil
    ) {
        self.id = id
        self.officeID = officeID
        self.kind = kind
        self.name = name
        self.organisationNumber = organisationNumber
        self.kommunkod = kommunkod
        self.population = population
        self.memberFrom = memberFrom
        self.memberTo = memberTo
    }

    /// Whether the organisation is a member on `date` (the end date is the last day).
    public func isMember(on date: CalendarDate) -> Bool {
        memberFrom <= date && (memberTo.map { date <= $0 } ?? true)
    }
}

extension OrganisationNumber: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try OrganisationNumber(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Invalid organisationsnummer: \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(formatted)
    }
}
