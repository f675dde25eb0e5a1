import Foundation

/// A case number (*diarienummer*): the office's prefix, the year and a serial without gaps,
/// e.g. `UK 2026/0042`.
public struct CaseNumber: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var prefix: String
    public var year: Int
    public var serial: Int

    public init(prefix: String, year: Int, serial: Int) {
        self.prefix = prefix
        self.year = year
        self.serial = serial
    }

    public var description: String {
        let digits = String(serial)
        return "\(prefix) \(year)/" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    public static func < (lhs: CaseNumber, rhs: CaseNumber) -> Bool { (lhs.year, lhs.serial) < (rhs.year, rhs.serial) }
}

/// An assignment (*uppdrag*): what the committee gives the office to do, usually "carry out
/// pooled procurement X for members A, B, C". Proposed, decided by the committee, given to a
/// procurer, carried out and reported back.
public struct Assignment: Hashable, Sendable {
    public var id: UUID
    public var caseNumber: CaseNumber
    public var title: String
    public var scope: String
    public var pooledProcurementID: UUID?
    public var estimatedValue: Money?
    public var status: AssignmentStatus
    public var procurerID: UUID?
    public var report: String?

    public init(
        id: UUID, caseNumber: CaseNumber, title: String, scope: String, pooledProcurementID: UUID?, estimatedValue: Money?,
        status: AssignmentStatus, procurerID: UUID? = nil, report: String? = nil
    ) {
        self.id = id
        self.caseNumber = caseNumber
        self.title = title
        self.scope = scope
        self.pooledProcurementID = pooledProcurementID
        self.estimatedValue = estimatedValue
        self.status = status
        self.procurerID = procurerID
        self.report = report
    }
}

public enum AssignmentStatus: String, Sendable, Codable, CaseIterable {
    case draft, proposed, approved, rejected
    case referredBack = "referred_back"
    case inProgress = "in_progress"
    case completed, reported

    public var swedishName: String {
        switch self {
        case .draft: "Utkast"
        case .proposed: "Föreslaget"
        case .approved: "Beslutat"
        case .rejected: "Avslaget"
        case .referredBack: "Återremitterat"
        case .inProgress: "Pågår"
        case .completed: "Genomfört"
        case .reported: "Återrapporterat"
        }
    }

    /// The status the committee's decision gives a proposed assignment.
    public init(after outcome: DecisionOutcome) {
        switch outcome {
        case .approved: self = .approved
        case .rejected: self = .rejected
        case .referredBack: self = .referredBack
        }
    }
}

extension AssignmentStatus {
    /// The moves the office makes by hand; the committee's decision moves a proposed
    /// assignment (`init(after:)`), and a referred-back one is proposed again.
    public func canMove(to next: AssignmentStatus) -> Bool {
        switch (self, next) {
        case (.draft, .proposed), (.referredBack, .proposed), (.approved, .inProgress), (.inProgress, .completed),
             (.completed, .reported): true
        default: false
        }
    }
}
