import Foundation
import Procurement

/// Maps an office's publication to an OCDS 1.1 release package: one release per tender
/// (ocid: the office's prefix and the tender's id) and one per direct award (the contract's
/// id), each the process as it stands at `publishedDate`. Pure and deterministic: the same
/// publication gives the same package, releases by ocid and every list in a fixed order.
///
/// Secrecy (OSL 19 kap. 3 §) is the reader's to enforce, and the platform's reader is the
/// office's public identity; the builder adds what it can see for itself: bid counts count
/// only once the award decision is made, only activated contracts are published, and only
/// organisations that are parties to what is published are named.
public struct ReleasePackageBuilder: Sendable {
    /// Where the package is published: its `uri`.
    public var packageURI: String
    /// The time zone in which calendar days become instants: Swedish time.
    public var timeZone: TimeZone

    public init(packageURI: String, timeZone: TimeZone = .stockholm) {
        self.packageURI = packageURI
        self.timeZone = timeZone
    }

    public func build(_ publication: Publication) -> OCDS.ReleasePackage {
        let context = BuildContext(publication, timeZone: timeZone)
        var releases = publication.tenders.map { tenderRelease($0, context) }
        releases += context.directAwards.map { directAwardRelease($0, context) }
        releases.sort { $0.ocid < $1.ocid }
        return OCDS.ReleasePackage(
            uri: packageURI, extensions: [OCDS.bidExtension, OCDS.lotsExtension],
            publishedDate: context.dates.string(publication.publishedDate),
            publisher: OCDS.Publisher(name: publication.office.name), releases: releases)
    }
}

/// What every release of one package is built against: the moment, the look-ups.
struct BuildContext {
    let publication: Publication
    let dates: OCDSDate
    /// The Swedish day of `publishedDate`: stages dated after it have not happened.
    let today: CalendarDate
    let organisations: [UUID: Organisation]
    let suppliers: [UUID: Supplier]
    /// Activated contracts by tender; direct awards apart.
    let contractsByTender: [UUID: [Contract]]
    let directAwards: [Contract]
    let bidCounts: [UUID: Int]

    init(_ publication: Publication, timeZone: TimeZone) {
        self.publication = publication
        dates = OCDSDate(timeZone: timeZone)
        today = dates.day(of: publication.publishedDate)
        organisations = Dictionary(publication.organisations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        suppliers = Dictionary(publication.suppliers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let published = publication.contracts
            .filter { contract in contract.activatedAt.map { $0 <= publication.publishedDate } ?? false }
            .sorted { ($0.start, $0.reference, $0.id.uuidString) < ($1.start, $1.reference, $1.id.uuidString) }
        contractsByTender = Dictionary(grouping: published.filter { $0.tenderID != nil }, by: { $0.tenderID! })
        directAwards = published.filter { $0.tenderID == nil }
        bidCounts = Dictionary(publication.bidCounts.map { ($0.lotID, $0.bids) }, uniquingKeysWith: +)
    }

    var prefix: String { publication.office.ocidPrefix }

    func ocid(_ id: UUID) -> String { "\(prefix)-\(id.uuidString.lowercased())" }

    /// The release's date: its latest event up to the publication, and the release id from
    /// it, so that a process that has not changed keeps its release id.
    func stamp(ocid: String, events: [Date]) -> (id: String, date: String) {
        let date = events.filter { $0 <= publication.publishedDate }.max() ?? publication.publishedDate
        let text = dates.string(date)
        return ("\(ocid)-" + text.prefix(19).filter(\.isNumber), text)
    }

    func classification(_ cpv: CPVCode) -> OCDS.Classification {
        OCDS.Classification(scheme: "CPV", id: cpv.digits, description: publication.cpvLabels[cpv])
    }
}
