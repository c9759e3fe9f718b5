/** Billing documents as the ERP needs them, whatever billing system produced them. */
package acme.revenue

import acme.common.*

model UsageRecord owner Product {
    key eventId : String
    customer    : ref Customer
    sku         : String
    quantity    : Long
    occurredAt  : Timestamp
}

model Invoice owner Billing {
    key id      : String
    customer    : ref Customer
    currency    : Currency
    total       : Decimal
    status      : DocumentStatus
    issuedAt    : Timestamp
}

model InvoiceLine owner Billing {
    key id      : String
    invoice     : ref Invoice
    sku         : String
    amount      : Decimal
}

model CreditMemo owner Billing {
    key id      : String
    invoice     : ref Invoice
    amount      : Decimal
    reason      : String
    issuedAt    : Timestamp
}

model Payment owner Billing {
    key id      : String
    invoice     : ref Invoice
    amount      : Decimal
    currency    : Currency
    succeeded   : Boolean
    paidAt      : Timestamp
}
