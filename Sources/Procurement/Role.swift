import Foundation

/// What a user may do in an office. One person may hold several roles, each a
/// `RoleAssignment`, and acts in one of them at a time (the *active* role).
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    /// *administratör*: sets up the office, its members, users and roles.
    case administrator
    /// *strategisk upphandlare*: turns needs into pooled procurements and runs tenders.
    case procurer
    /// *avtalscontroller*: follows up contracts, compliance and suppliers.
    case controller
    /// *ordförande* of the joint committee (*gemensam nämnd*).
    case committeeChair = "committee_chair"
    /// *ledamot*: an ordinary member of the committee, for a member organisation.
    case committeeMember = "committee_member"
    /// *ersättare*: serves when the organisation's ordinary member is absent.
    case committeeSubstitute = "committee_substitute"
    /// *inköpssamordnare*: registers the member's needs and sees its contracts and spend.
    case coordinator
    /// *behörig beställare*: places call-offs on the member's contracts.
    case orderer
    /// *läsbehörighet*: reads, changes nothing; office-wide or for one organisation.
    case viewer

    /// Whether the role acts for a member organisation, for the office, or either.
    public enum Scope: Sendable, Equatable {
        case office
        case organisation
        case officeOrOrganisation
    }

    public var scope: Scope {
        switch self {
        case .administrator, .procurer, .controller: .office
        case .committeeChair, .committeeMember, .committeeSubstitute, .coordinator, .orderer: .organisation
        case .viewer: .officeOrOrganisation
        }
    }

    /// The staff of the office, who work across all its members.
    public var isOfficeStaff: Bool { scope == .office }

    public var isCommittee: Bool {
        self == .committeeChair || self == .committeeMember || self == .committeeSubstitute
    }

    /// The Swedish name a page shows.
    public var swedishName: String {
        switch self {
        case .administrator: "Administratör"
        case .procurer: "Upphandlare"
        case .controller: "Avtalscontroller"
        case .committeeChair: "Ordförande i nämnden"
        case .committeeMember: "Ledamot i nämnden"
        case .committeeSubstitute: "Ersättare i nämnden"
        case .coordinator: "Inköpssamordnare"
        case .orderer: "Beställare"
        case .viewer: "Läsbehörighet"
        }
    }

    /// Office roles first, then the committee, then the members' roles.
    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Why a role cannot be given as asked.
public enum RoleAssignmentProblem: Error, Equatable, Sendable {
    /// Committee and member roles act for one member organisation.
    case organisationRequired(Role)
    /// Office staff act for the office, not for one member.
    case organisationNotAllowed(Role)

    public var englishMessage: String {
        switch self {
        case .organisationRequired(let role): "the role \(role.rawValue) needs the member organisation it acts for"
        case .organisationNotAllowed(let role): "the role \(role.rawValue) is an office role and takes no organisation"
        }
    }

    public var swedishMessage: String {
        switch self {
        case .organisationRequired(let role): "Rollen \(role.swedishName.lowercased()) måste kopplas till en medlemsorganisation."
        case .organisationNotAllowed(let role): "Rollen \(role.swedishName.lowercased()) gäller hela kontoret och kopplas inte till en organisation."
        }
    }
}


/// One role held by one user, for the office or for one member organisation.
public struct RoleAssignment: Hashable, Sendable, Codable {
    public var id: UUID
    public var userID: UUID
    public var role: Role
    public var organisationID: UUID?

    public init(id: UUID, userID: UUID, role: Role, organisationID: UUID?) throws(RoleAssignmentProblem) {
        switch role.scope {
        case .office where organisationID != nil: throw .organisationNotAllowed(role)
        case .organisation where organisationID == nil: throw .organisationRequired(role)
        default: break
        }
        self.id = id
        self.userID = userID
        self.role = role
        self.organisationID = organisationID
    }
}
