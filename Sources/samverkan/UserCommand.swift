import ArgumentParser
import Authentication
import Foundation
import Procurement
import Store

/// `samverkan user …`: people, their passwords and roles.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Add users, set passwords, grant and revoke roles.",
        subcommands: [Add.self, List.self, Grant.self, Revoke.self, Password.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var office: OfficeOption
        @Option var email: String
        @Option var name: String
        @Flag(name: .customLong("password-stdin"), help: "Read a first password from standard input (the user must change it).")
        var passwordFromStdin = false

        func validate() throws {
            guard EmailAddress(email) != nil else { throw ValidationError("--email is not an e-mail address") }
            guard (1...200).contains(name.trimmingCharacters(in: .whitespaces).count) else { throw ValidationError("--name must be 1 to 200 characters") }
        }

        func run() async throws {
            let hash = try await passwordFromStdin ? hashChecked(try readPassword()) : nil
            let user = try await database.withStore { store in
                let office = try await store.office(named: self.office.office)
                let user = User(id: UUID(), officeID: office.id, email: EmailAddress(email)!,
                                name: name.trimmingCharacters(in: .whitespaces), mustChangePassword: hash != nil)
                try await store.transaction(as: .system(of: office.id)) { transaction in
                    if try await transaction.user(email: user.email) != nil { throw CLIError("\(user.email) is a user of this office already") }
                    try await transaction.insertUser(user, passwordHash: hash)
                }
                return user
            }
            print("added \(user.email) (\(user.id.uuidString.lowercased()))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List an office's users and their roles.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var office: OfficeOption

        func run() async throws {
            let (users, roles, organisations) = try await database.withStore { store in
                let office = try await store.office(named: self.office.office)
                return try await store.transaction(as: .system(of: office.id), readOnly: true) { transaction in
                    (try await transaction.users(), try await transaction.roleAssignments(), try await transaction.organisations())
                }
            }
            let names = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id, $0.name) })
            for user in users {
                let held = roles.filter { $0.userID == user.id }.map { role in
                    role.role.rawValue + (role.organisationID.flatMap { names[$0] }.map { "@\($0)" } ?? "")
                }
                print([user.email.normalized, user.name, user.active ? "active" : "inactive", held.joined(separator: ", ")].joined(separator: "\t"))
            }
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a user a role, for the office or a member organisation.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var office: OfficeOption
        @Option var email: String
        @Option(help: ArgumentHelp("The role.", valueName: Role.allCases.map(\.rawValue).joined(separator: "|"))) var role: Role
        @Option(name: .customLong("org"), help: "The member organisation it acts for: kommunkod, organisationsnummer or id.")
        var organisation: String?

        func run() async throws {
            try await database.withStore { store in
                let office = try await store.office(named: self.office.office)
                try await store.transaction(as: .system(of: office.id)) { transaction in
                    guard let address = EmailAddress(email), let user = try await transaction.user(email: address) else {
                        throw CLIError("no user \(email) in \(office.slug)")
                    }
                    var organisationID: UUID?
                    if let organisation { organisationID = try await store.organisation(named: organisation, in: transaction).id }
                    let assignment: RoleAssignment
                    do { assignment = try RoleAssignment(id: UUID(), userID: user.id, role: role, organisationID: organisationID) } catch let problem as RoleAssignmentProblem {
                        throw CLIError(problem.englishMessage + (problem == .organisationRequired(role) ? " (--org)" : ""))
                    }
                    if try await transaction.roleAssignments(ofUser: user.id).contains(where: { $0.role == role && $0.organisationID == organisationID }) {
                        throw CLIError("\(email) has that role already")
                    }
                    try await transaction.insertRoleAssignment(assignment)
                }
            }
            print("granted \(role.rawValue) to \(email)")
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a role away from a user.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var office: OfficeOption
        @Option var email: String
        @Option var role: Role
        @Option(name: .customLong("org"), help: "The member organisation, when the role acts for one.") var organisation: String?

        func run() async throws {
            try await database.withStore { store in
                let office = try await store.office(named: self.office.office)
                try await store.transaction(as: .system(of: office.id)) { transaction in
                    guard let address = EmailAddress(email), let user = try await transaction.user(email: address) else {
                        throw CLIError("no user \(email) in \(office.slug)")
                    }
                    var organisationID: UUID?
                    if let organisation { organisationID = try await store.organisation(named: organisation, in: transaction).id }
                    guard let held = try await transaction.roleAssignments(ofUser: user.id).first(where: { $0.role == role && $0.organisationID == organisationID })
                    else { throw CLIError("\(email) does not have that role") }
                    try await transaction.deleteRoleAssignment(id: held.id)
                }
            }
            print("revoked \(role.rawValue) from \(email)")
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a user's password, read from standard input; the user must change it at next login.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var office: OfficeOption
        @Option var email: String

        func run() async throws {
            let hash = try await hashChecked(try readPassword())
            try await database.withStore { store in
                let office = try await store.office(named: self.office.office)
                try await store.transaction(as: .system(of: office.id)) { transaction in
                    guard let address = EmailAddress(email), let user = try await transaction.user(email: address) else {
                        throw CLIError("no user \(email) in \(office.slug)")
                    }
                    try await transaction.setPasswordHash(hash, ofUser: user.id, mustChange: true)
                    try await transaction.revokeSessions(ofUser: user.id)
                }
            }
            print("password set for \(email); their sessions were ended")
        }
    }
}

/// Checks the password policy, then hashes with bcrypt.
func hashChecked(_ password: String) async throws -> String {
    if let problem = PasswordPolicy.check(password) { throw CLIError(problem.englishMessage) }
    return try await PasswordHasher().hash(password)
}
