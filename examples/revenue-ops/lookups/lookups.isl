/** Reference data the mappings look up. */
package acme.revenue

import acme.common.*

/** Which legal entity books a document, by its currency. */
lookup entityByCurrency : String -> LegalEntity {
    "USD" -> US01
    "EUR" -> DE01
    "SGD" -> SG01
    default US01
}

/** Revenue account per product SKU, maintained by finance in a spreadsheet export. */
lookup revenueAccountBySku : String -> String from "lookups/revenue-accounts.csv" key "sku" value "account"

/** NetSuite subsidiary ids of the legal entities. */
lookup subsidiaryOf : LegalEntity -> String {
    US01 -> "1"
    DE01 -> "3"
    SG01 -> "4"
}
