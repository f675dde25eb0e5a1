import Foundation
import Postgres
import Procurement
import Store
import Testing
import TestSupport

/// The committee's record as the database keeps it, as the application role: who serves,
/// one vote each, no vote from the absent or the conflicted, no decision without a quorum,
/// nothing changed after signing, gapless case and paragraph numbers.
@Suite struct CommitteeStoreTests {
    let office = DemoData.jamtland.office.id

    /// Five seats (Östersund, Krokom, Åre, Strömsund, Berg), each a member with a
    /// committee-member role; Krokom also has its demo substitute. The chair is Östersund's.
    struct Committee {
        var term: CommitteeTerm
        var members: [String: (user: UUID, role: RoleAssignment)]
        var substitute: (user: UUID, role: RoleAssignment)
        func identity(_ code: String, office: UUID) -> Identity { .user(members[code]!.user, of: office, as: members[code]!.role) }
    }

    func arrange(_ store: Database) async throws -> Committee {
        try await DemoData.load(into: store, passwordHasher: .forTests, today: CalendarDate(year: 2026, month: 11, day: 23)!)
        let seed = Dictionary(uniqueKeysWithValues: DemoData.jamtland.users.map { ($0.user.email.normalized, $0) })
        let term = CommitteeTerm(id: UUID(), name: "2023–2026", startsOn: CalendarDate(year: 2023, month: 1, day: 1)!,
                                 endsOn: CalendarDate(year: 2026, month: 12, day: 31)!)
        var members: [String: (UUID, RoleAssignment)] = [:]
        let chair = seed["ordforande@jamtland.example"]!
        members["2380"] = (chair.user.id, chair.roles[0])
        let krokom = seed["krokom@jamtland.example"]!
        members["2309"] = (krokom.user.id, krokom.roles.first { $0.role == .committeeMember }!)
        let substituteSeed = seed["ersattare.krokom@jamtland.example"]!
        try await store.transaction(as: .system(of: office)) { transaction in
            try await transaction.insertCommitteeTerm(term)
            for code in ["2321", "2313", "2326"] {
                let user = User(id: UUID(), officeID: office, email: EmailAddress("ledamot.\(code)@jamtland.example")!, name: "Ledamot \(code)")
                try await transaction.insertUser(user, passwordHash: nil)
                let role = try RoleAssignment(id: UUID(), userID: user.id, role: .committeeMember, organisationID: DemoData.id("org/jamtland/\(code)"))
                try await transaction.insertRoleAssignment(role)
                members[code] = (user.id, role)
            }
            for (code, member) in members {
                try await transaction.insertCommitteeMandate(CommitteeMandate(
                    id: UUID(), termID: term.id, organisationID: DemoData.id("org/jamtland/\(code)"), userID: member.0,
                    position: .member(presiding: code == "2380" ? .chair : nil)))
            }
            try await transaction.insertCommitteeMandate(CommitteeMandate(
                id: UUID(), termID: term.id, organisationID: DemoData.id("org/jamtland/2309"), userID: substituteSeed.user.id,
                position: .substitute(rank: 1)))
        }
        return Committee(term: term, members: members.mapValues { (user: $0.0, role: $0.1) },
                         substitute: (substituteSeed.user.id, substituteSeed.roles[0]))
    }

    func meeting(_ store: Database, _ committee: Committee, adjuster: UUID?, items: Int) async throws -> (Meeting, [AgendaItem]) {
        let meeting = Meeting(id: UUID(), termID: committee.term.id, startsAt: Date(), place: "Rådhuset, Östersund", adjusterID: adjuster)
        let agenda = (1...items).map { AgendaItem(id: UUID(), meetingID: meeting.id, position: $0, assignmentID: nil, title: "Ärende \($0)", proposal: "Bifall") }
        try await store.transaction(as: .system(of: office)) { transaction in
            try await transaction.insertMeeting(meeting)
            for item in agenda { try await transaction.insertAgendaItem(item) }
        }
        return (meeting, agenda)
    }

    func refused(_ constraint: String? = nil, state: SQLState = .checkViolation, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("was not refused")
        } catch let error as PostgresError {
            #expect(error.sqlState == state, "\(error)")
            if let constraint { #expect(error.constraint == constraint) }
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aMeetingWithAnAbsenceASubstituteAConflictATieAndAReferral() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            let committee = try await arrange(store)
            let procurer = Identity.user(DemoData.id("user/upphandlare@jamtland.example"), of: office,
                                         as: DemoData.jamtland.users[1].roles[0])
            let (meeting, items) = try await meeting(store, committee, adjuster: committee.members["2313"]!.user, items: 3)
            // Krokom's member and Berg's are away; Krokom's substitute serves.
            try await store.transaction(as: procurer) { transaction in
                for code in ["2380", "2321", "2313"] { try await transaction.setAttendance(meetingID: meeting.id, userID: committee.members[code]!.user, present: true) }
                for code in ["2309", "2326"] { try await transaction.setAttendance(meetingID: meeting.id, userID: committee.members[code]!.user, present: false) }
                try await transaction.setAttendance(meetingID: meeting.id, userID: committee.substitute.user, present: true)
            }
            let substitute = Identity.user(committee.substitute.user, of: office, as: committee.substitute.role)
            // Åre's member declares a conflict in matter 1 and takes no part.
            let are = committee.identity("2321", office: office)
            try await store.transaction(as: are) {
                try await $0.declareConflict(meetingID: meeting.id, agendaItemID: items[0].id, userID: committee.members["2321"]!.user, reason: "Närstående hos anbudsgivare")
            }
            let serving = try await store.transaction(as: procurer) { try await $0.serving(agendaItemID: items[0].id) }
            #expect(serving == [committee.members["2380"]!.user, committee.substitute.user, committee.members["2313"]!.user])
            await refused("votes_serving") {
                try await store.transaction(as: are) {
                    try await $0.castVote(meetingID: meeting.id, agendaItemID: items[0].id, userID: committee.members["2321"]!.user, ballot: .yes)
                }
            }
            // The absent member cannot vote, nor anyone in another's name.
            await refused("votes_serving") {
                try await store.transaction(as: committee.identity("2309", office: office)) {
                    try await $0.castVote(meetingID: meeting.id, agendaItemID: items[0].id, userID: committee.members["2309"]!.user, ballot: .no)
                }
            }
            await refused(state: .insufficientPrivilege) {
                try await store.transaction(as: committee.identity("2380", office: office)) {
                    try await $0.castVote(meetingID: meeting.id, agendaItemID: items[0].id, userID: committee.members["2313"]!.user, ballot: .no)
                }
            }
            try await store.transaction(as: committee.identity("2380", office: office)) {
                try await $0.castVote(meetingID: meeting.id, agendaItemID: items[0].id, userID: committee.members["2380"]!.user, ballot: .yes)
            }
            try await store.transaction(as: substitute) {
                try await $0.castVote(meetingID: meeting.id, agendaItemID: items[0].id, userID: committee.substitute.user, ballot: .no)
            }
            try await store.transaction(as: committee.identity("2313", office: office)) {
                try await $0.castVote(meetingID: meeting.id, agendaItemID: items[0].id, userID: committee.members["2313"]!.user, ballot: .abstain)
            }
            // A second vote is refused.
            await refused(state: .uniqueViolation) {
                try await store.transaction(as: committee.identity("2380", office: office)) {
                    try await $0.castVote(meetingID: meeting.id, agendaItemID: items[0].id, userID: committee.members["2380"]!.user, ballot: .no)
                }
            }
            // 1–1 with one abstaining: the chair's casting vote approves. The rules and the
            // database agree on who serves.
            let first = try await store.transaction(as: procurer) { transaction in
                let seats = CommitteeMandate.seats(try await transaction.committeeMandates(termID: committee.term.id))
                let participation = MatterParticipation(
                    seats: seats, present: try await transaction.present(meetingID: meeting.id),
                    conflicted: try await transaction.conflicts(agendaItemID: items[0].id))
                #expect(Set(participation.serving.map(\.person)) == serving)
                let result = try VoteCount.decide(participation: participation, chair: committee.members["2380"]!.user,
                                                  votes: try await transaction.votes(agendaItemID: items[0].id))
                #expect(result.outcome == .approved && result.decidedByCastingVote)
                return try await transaction.recordDecision(meetingID: meeting.id, agendaItemID: items[0].id, year: 2026, result: result)
            }
            #expect(first.paragraph == 1)
            // A decision whose counts are not the votes cast is refused.
            await refused("decisions_counts") {
                try await store.transaction(as: procurer) {
                    _ = try await $0.recordDecision(meetingID: meeting.id, agendaItemID: items[2].id, year: 2026,
                                                    result: .init(outcome: .approved, yes: 3, no: 0, abstained: 0, decidedByCastingVote: false))
                }
            }

            // Matter 2: with Åre and Strömsund conflicted, two of five take part: no quorum.
            for code in ["2321", "2313"] {
                try await store.transaction(as: committee.identity(code, office: office)) {
                    try await $0.declareConflict(meetingID: meeting.id, agendaItemID: items[1].id, userID: committee.members[code]!.user, reason: "")
                }
            }
            await refused("decisions_quorum") {
                try await store.transaction(as: procurer) {
                    _ = try await $0.recordDecision(meetingID: meeting.id, agendaItemID: items[1].id, year: 2026,
                                                    result: .init(outcome: .referredBack, yes: 0, no: 0, abstained: 0, decidedByCastingVote: false))
                }
            }

            // Matter 3 is referred back: § 2.
            let third = try await store.transaction(as: procurer) {
                try await $0.recordDecision(meetingID: meeting.id, agendaItemID: items[2].id, year: 2026,
                                            result: .init(outcome: .referredBack, yes: 3, no: 1, abstained: 0, decidedByCastingVote: false))
            }
            #expect(third.paragraph == 2)

            // Until the minutes are signed, the public sees no decision.
            #expect(try await store.transaction(as: .publicReader(of: office)) { try await $0.decisions(meetingID: meeting.id) }.isEmpty)
            // Signing: not by the office in the chair's name, not by another member as adjuster.
            await refused(state: .insufficientPrivilege) {
                try await store.transaction(as: procurer) {
                    _ = try await $0.signMinutes(meetingID: meeting.id, as: .chair, userID: committee.members["2380"]!.user)
                }
            }
            await refused(state: .insufficientPrivilege) {
                try await store.transaction(as: are) {
                    _ = try await $0.signMinutes(meetingID: meeting.id, as: .adjuster, userID: committee.members["2321"]!.user)
                }
            }
            #expect(try await store.transaction(as: committee.identity("2380", office: office)) {
                try await $0.signMinutes(meetingID: meeting.id, as: .chair, userID: committee.members["2380"]!.user)
            })
            #expect(try await store.transaction(as: committee.identity("2313", office: office)) {
                try await $0.signMinutes(meetingID: meeting.id, as: .adjuster, userID: committee.members["2313"]!.user)
            })
            let signed = try #require(try await store.transaction(as: procurer) { try await $0.meeting(id: meeting.id) })
            #expect(signed.isSigned)
            // Signed: nothing of the record changes.
            await refused("minutes_signed") {
                try await store.transaction(as: substitute) {
                    try await $0.castVote(meetingID: meeting.id, agendaItemID: items[1].id, userID: committee.substitute.user, ballot: .yes)
                }
            }
            await refused("minutes_signed") {
                try await store.transaction(as: procurer) { try await $0.setAttendance(meetingID: meeting.id, userID: committee.members["2326"]!.user, present: true) }
            }
            #expect(try await store.transaction(as: procurer) { try await $0.announceMinutes(meetingID: meeting.id, on: CalendarDate(year: 2026, month: 12, day: 3)!) })
            #expect(try await store.transaction(as: procurer) { try await $0.meeting(id: meeting.id) }?.appealEndsOn == CalendarDate(year: 2026, month: 12, day: 28)!)
            // Now the decisions are public records; the votes stay with the committee and the office.
            let published = try await store.transaction(as: .publicReader(of: office)) { try await $0.decisions(meetingID: meeting.id) }
            #expect(published.map(\.paragraph) == [1, 2])
            #expect(try await store.transaction(as: .publicReader(of: office)) { try await $0.votes(agendaItemID: items[0].id) }.isEmpty)
        }
    }

    @Test func everyoneVotingAtOnceLeavesExactlyOneVoteEach() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            let committee = try await arrange(store)
            let (meeting, items) = try await meeting(store, committee, adjuster: nil, items: 1)
            try await store.transaction(as: .system(of: office)) { transaction in
                for member in committee.members.values { try await transaction.setAttendance(meetingID: meeting.id, userID: member.user, present: true) }
            }
            let attempts = try await withThrowingTaskGroup(of: Bool.self) { group in
                for (code, member) in committee.members {
                    for _ in 0..<3 {
                        group.addTask {
                            do {
                                try await store.transaction(as: committee.identity(code, office: office)) {
                                    try await $0.castVote(meetingID: meeting.id, agendaItemID: items[0].id, userID: member.user, ballot: .yes)
                                }
                                return true
                            } catch let error as PostgresError where error.sqlState == .uniqueViolation {
                                return false
                            }
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(attempts.filter { $0 }.count == committee.members.count)
            let votes = try await store.transaction(as: .system(of: office)) { try await $0.votes(agendaItemID: items[0].id) }
            #expect(Set(votes.keys) == Set(committee.members.values.map(\.user)))
        }
    }

    @Test func caseNumbersHaveNoGapsUnderConcurrentCreation() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests)
            let procurer = Identity.user(DemoData.id("user/upphandlare@jamtland.example"), of: office, as: DemoData.jamtland.users[1].roles[0])
            struct RolledBack: Error {}
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        do {
                            try await store.transaction(as: procurer) { transaction in
                                _ = try await transaction.createAssignment(
                                    id: UUID(), year: 2031, title: "Uppdrag \(index)", scope: "", pooledProcurementID: nil,
                                    estimatedValue: nil, createdBy: nil)
                                // Every third gives its number back by rolling back.
                                if index % 3 == 0 { throw RolledBack() }
                            }
                        } catch is RolledBack {}
                    }
                }
                try await group.waitForAll()
            }
            let assignments = try await store.transaction(as: procurer) { try await $0.assignments() }.filter { $0.caseNumber.year == 2031 }
            #expect(assignments.map(\.caseNumber.serial).sorted() == Array(1...8))
            #expect(assignments.map(\.caseNumber.description).contains("UK 2031/0008"))
        }
    }
}
