import Authentication
import Foundation
import Procurement
import Store

/// What the office administrator does: members, users, roles. The pages and the API both
/// come here, so a rule is checked in one place; the database's policies check it again.
struct AdminActions: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    /// A member organisation as asked for, before it is checked.
    struct NewOrganisation: Decodable, Sendable {
        var kind: OrganisationKind
        var name: String
        var organisationNumber: String
        var kommunkod: String?
        var population: Int?
        var memberFrom: CalendarDate
        var memberTo: CalendarDate?
    }

    func createOrganisation(_ signedIn: Authenticated, _ input: NewOrganisation) async throws -> Organisation {
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(name.count) else {
            throw AppError.invalid("`name` must be 1 to 200 characters").swedish("Ange organisationens namn.")
        }
        let number: OrganisationNumber
        do { number = try OrganisationNumber(input.organisationNumber) } catch {
            throw AppError.invalid("`organisationNumber` is not a valid organisationsnummer (ten digits, Luhn check digit)")
                .swedish("Organisationsnumret är inte giltigt (tio siffror med kontrollsiffra).")
        }
        var kommunkod: Kommunkod?
        if input.kind == .municipality {
            guard let code = input.kommunkod.flatMap(Kommunkod.init) else {
                throw AppError.invalid("a municipality needs its four-digit `kommunkod`").swedish("En kommun behöver sin fyrsiffriga kommunkod.")
            }
            kommunkod = code
        } else if let code = input.kommunkod, !code.isEmpty {
            throw AppError.invalid("only a municipality has a `kommunkod`").swedish("Bara kommuner har kommunkod.")
        }
        if let population = input.population, population < 0 {
            throw AppError.invalid("`population` cannot be negative").swedish("Invånarantalet kan inte vara negativt.")
        }
        if let memberTo = input.memberTo, memberTo < input.memberFrom {
            throw AppError.invalid("`memberTo` is before `memberFrom`").swedish("Medlemskapet kan inte sluta innan det börjar.")
        }
        let organisation = Organisation(
            id: UUID(), officeID: signedIn.officeID, kind: input.kind, name: name, organisationNumber: number,
            kommunkod: kommunkod, population: input.population, memberFrom: input.memberFrom, memberTo: input.memberTo)
        try await database.transaction(as: signedIn.identity) { transaction in
            if let kommunkod, try await transaction.municipality(kommunkod) == nil {
                throw AppError.invalid("kommunkod \(kommunkod) is not a Swedish municipality")
                    .swedish("Kommunkoden \(kommunkod) finns inte i kommunregistret.")
            }
            try await transaction.insertOrganisation(organisation)
        }
        return organisation
    }

    struct NewUser: Decodable, Sendable {
        var email: String
        var name: String
        /// A first password the administrator chooses; the user must change it. Without one
        /// the account can sign in only once a password is set.
        var password: String?
        var role: Role?
        var organisationID: UUID?
    }

    func createUser(_ signedIn: Authenticated, _ input: NewUser) async throws -> (User, [RoleAssignment]) {
        guard let email = EmailAddress(input.email) else {
            throw AppError.invalid("`email` is not an e-mail address").swedish("Ange en giltig e-postadress.")
        }
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(name.count) else {
            throw AppError.invalid("`name` must be 1 to 200 characters").swedish("Ange personens namn.")
        }
        var hash: String?
        if let password = input.password, !password.isEmpty {
            if let problem = PasswordPolicy.check(password) { throw AppError.invalid(problem.englishMessage).swedish(problem.swedishMessage) }
            hash = try await configuration.passwordHasher.hash(password)
        }
        let user = User(id: UUID(), officeID: signedIn.officeID, email: email, name: name, mustChangePassword: hash != nil)
        let roles = try input.role.map { [try assignment(userID: user.id, role: $0, organisationID: input.organisationID)] } ?? []
        try await database.transaction(as: signedIn.identity) { transaction in
            if try await transaction.user(email: email) != nil {
                throw AppError.conflict("a user with that e-mail address exists").swedish("Det finns redan en användare med den e-postadressen.")
            }
            try await transaction.insertUser(user, passwordHash: hash)
            for role in roles { try await insert(role, in: transaction) }
        }
        return (user, roles)
    }

    func grantRole(_ signedIn: Authenticated, userID: UUID, role: Role, organisationID: UUID?) async throws -> RoleAssignment {
        let assignment = try assignment(userID: userID, role: role, organisationID: organisationID)
        try await database.transaction(as: signedIn.identity) { transaction in
            guard try await transaction.user(id: userID) != nil else { throw AppError.notFound("user \(userID)") }
            try await insert(assignment, in: transaction)
        }
        return assignment
    }

    func revokeRole(_ signedIn: Authenticated, userID: UUID, roleID: UUID) async throws {
        try await database.transaction(as: signedIn.identity) { transaction in
            guard let role = try await transaction.roleAssignment(id: roleID), role.userID == userID,
                  try await transaction.deleteRoleAssignment(id: roleID) else {
                throw AppError.notFound("role \(roleID) of user \(userID)")
            }
        }
    }

    /// Activates or deactivates an account; deactivating ends its sessions at once.
    func setActive(_ signedIn: Authenticated, userID: UUID, active: Bool) async throws -> User {
        try await updateUser(signedIn, userID: userID, active: active, name: nil) { $1 }
    }

    /// Changes a user's name and whether the account is active, both or neither: one
    /// transaction, and the answer read in it. A deactivated account's sessions end with it.
    func updateUser<T>(
        _ signedIn: Authenticated, userID: UUID, active: Bool?, name: String?, respond: (Transaction, User) async throws -> T
    ) async throws -> T {
        let name = try name.map { try Input.text($0, field: "name", label: "namnet", maxLength: 200) }
        return try await database.transaction(as: signedIn.identity) { transaction in
            guard var user = try await transaction.user(id: userID) else { throw AppError.notFound("user \(userID)") }
            if active == false && userID == signedIn.userID {
                throw AppError.invalid("you cannot deactivate your own account").swedish("Du kan inte inaktivera ditt eget konto.")
            }
            if let active { user.active = active }
            if let name { user.name = name }
            guard try await transaction.updateUser(user) else { throw AppError.notFound("user \(userID)") }
            if active == false { try await transaction.revokeSessions(ofUser: userID) }
            return try await respond(transaction, user)
        }
    }

    private func assignment(userID: UUID, role: Role, organisationID: UUID?) throws -> RoleAssignment {
        do {
            return try RoleAssignment(id: UUID(), userID: userID, role: role, organisationID: organisationID)
        } catch {
            throw AppError.invalid(error.englishMessage).swedish(error.swedishMessage)
        }
    }

    private func insert(_ assignment: RoleAssignment, in transaction: Transaction) async throws {
        if let organisationID = assignment.organisationID, try await transaction.organisation(id: organisationID) == nil {
            throw AppError.notFound("organisation \(organisationID)")
        }
        if try await transaction.roleAssignments(ofUser: assignment.userID).contains(where: {
            $0.role == assignment.role && $0.organisationID == assignment.organisationID
        }) {
            throw AppError.conflict("the user already has that role").swedish("Personen har redan den rollen.")
        }
        try await transaction.insertRoleAssignment(assignment)
    }
}
