/// The Open Contracting Data Standard 1.1, as much of it as the office publishes: a release
/// package of releases with parties, planning, tender (with lots), awards and contracts.
/// Implementation is left out: spend is the members' own, not the office's publication.
///
/// The types only carry what is published; every optional left nil is omitted from the JSON,
/// because OCDS readers treat a missing field as "not known" and an empty one as a statement.
public enum OCDS {
    /// The schema version the packages declare.
    public static let version = "1.1"

    /// Lots (`tender.lots`, `relatedLot(s)`) are not in the core of 1.1: a tender in lots
    /// (*delområden*) needs this extension.
    public static let lotsExtension = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json"
    /// Bid statistics (`bids.statistics`): how many bids each lot received, once awarded.
    public static let bidExtension = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json"
}
