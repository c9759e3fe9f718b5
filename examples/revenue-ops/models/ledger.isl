/** What the ERP posts, and the support cases that lead to credits. */
package acme.revenue

import acme.common.*

model JournalEntry owner Erp {
    key id      : String
    legalEntity : LegalEntity
    postingDate : Date
    memo        : String?
    source      : ref Invoice
}

model SupportCase owner Support {
    key id      : String
    customer    : ref Customer
    subject     : String
    creditAsked : Decimal?
}
