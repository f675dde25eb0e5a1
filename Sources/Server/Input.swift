import Foundation
import Procurement
import Store

/// Reading what people type, for the API and the forms alike: each refusal names the field,
/// in English for programs and in Swedish for pages.
enum Input {
    /// Trimmed text of 1…`maxLength` characters (0… when not `required`).
    static func text(_ value: String?, field: String, label: String, maxLength: Int, required: Bool = true) throws -> String {
        let text = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty && required {
            throw AppError.invalid("`\(field)` is required").swedish("Fyll i \(label).")
        }
        guard text.count <= maxLength else {
            throw AppError.invalid("`\(field)` is longer than \(maxLength) characters")
                .swedish("\(label.prefix(1).uppercased() + label.dropFirst()) får vara högst \(maxLength) tecken.")
        }
        return text
    }

    /// An amount in kronor: `250000`, `250000.50`, or as a Swedish page writes it,
    /// `250 000,50`. Never negative; never rounded.
    static func money(_ value: String?, field: String, label: String) throws -> Money {
        let text = normalisedNumber(value)
        guard !text.isEmpty else { throw AppError.invalid("`\(field)` is required").swedish("Fyll i \(label).") }
        guard let money = Money(decimal: text), money.ore >= 0 else {
            throw AppError.invalid("`\(field)` must be an amount in kronor with at most two decimals, like \"250000.50\"")
                .swedish("Ange \(label) i kronor med högst två decimaler, till exempel 250 000.")
        }
        return money
    }

    static func optionalMoney(_ value: String?, field: String, label: String) throws -> Money? {
        normalisedNumber(value).isEmpty ? nil : try money(value, field: field, label: label)
    }

    /// A quantity greater than zero with at most three decimals.
    static func quantity(_ value: String?, field: String, label: String) throws -> Quantity {
        guard let quantity = Quantity(decimal: normalisedNumber(value)), quantity.thousandths > 0 else {
            throw AppError.invalid("`\(field)` must be a quantity greater than zero with at most three decimals, like \"1200.5\"")
                .swedish("Ange \(label) som ett tal större än noll, till exempel 1 200.")
        }
        return quantity
    }

    /// A code of the vocabulary, looked up (the check digit follows no single formula).
    static func cpv(_ value: String?, field: String = "cpv", in transaction: Transaction) async throws -> CPVEntry {
        let text = (value ?? "").trimmingCharacters(in: .whitespaces)
        guard let entry = try await transaction.cpv(text) else {
            throw AppError.invalid("`\(field)` is not a CPV code (like \"30192000-1\")")
                .swedish("CPV-koden \(text.isEmpty ? "saknas" : "\(text) finns inte"). Ange en kod ur CPV-listan, till exempel 30192000-1.")
        }
        return entry
    }

    static func period(start: CalendarDate, months: Int, optionMonths: [Int]) throws -> ContractPeriod {
        do {
            return try ContractPeriod(start: start, months: months, optionMonths: optionMonths)
        } catch {
            throw AppError.invalid(error.description).swedish(error.swedishMessage)
        }
    }

    /// `12+12` or `12, 12` (a form's field) into the options' months.
    static func optionMonths(_ text: String?) throws -> [Int] {
        let parts = (text ?? "").split(whereSeparator: { $0 == "+" || $0 == "," || $0 == " " })
        return try parts.map { part in
            guard let months = Int(part), months > 0 else {
                throw AppError.invalid("`optionMonths` must be whole months greater than zero")
                    .swedish("Ange förlängningsoptionerna i hela månader, till exempel 12+12.")
            }
            return months
        }
    }

    private static func normalisedNumber(_ value: String?) -> String {
        String((value ?? "").unicodeScalars.filter { !CharacterSet.whitespaces.contains($0) }.map(Character.init))
            .replacingOccurrences(of: ",", with: ".")
    }
}
