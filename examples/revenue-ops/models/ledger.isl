/** What the ERP posts, and the support cases that lead to credits. */
package acme.revenue

import acme.common.*

/** A balanced journal entry: the sum of debits equals the sum of credits. */
model JournalEntry owner NetSuite {
    key externalId : String
    legalEntity    : LegalEntity
    postingDate    : Date
    period         : String
    currency       : Currency
    memo           : String?
    lines          : JournalLine[2..*]
}

model JournalLine {
    account     : String
    debit       : Decimal(2)?
    credit      : Decimal(2)?
    memo        : String?
}

model SupportCase owner Zendesk {
    key id      : String
    customer    : ref Customer
    subject     : String
    creditAsked : Decimal(2)?
    currency    : Currency?
}
