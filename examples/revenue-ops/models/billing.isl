/** Billing documents as the ERP needs them, whatever billing system produced them. */
package acme.revenue

import acme.common.*

/** Billable usage, aggregated from raw product telemetry. */
model UsageRecord owner Product {
    key customer : String
    key sku      : String
    key window   : Timestamp
    quantity     : Long              range 0 .. 1000000000
    /** The first raw event of the hour's group: a window's late result has another, so its meter event another identifier. */
    firstEvent   : String
}

model Invoice owner Stripe {
    key id      : String
    customer    : ref Customer
    currency    : Currency
    total       : Decimal(2)         range 0 .. 10000000
    status      : DocumentStatus
    issuedAt    : Timestamp
    lines       : InvoiceLine[1..*]
}

model InvoiceLine {
    sku         : String
    description : String?
    amount      : Decimal(2)
}

model CreditMemo owner Stripe {
    key id      : String
    invoice     : ref Invoice
    customer    : ref Customer
    currency    : Currency
    amount      : Decimal(2)         range 0 .. 10000000
    reason      : String             one of ("duplicate", "fraudulent", "order_change", "product_unsatisfactory", "support_credit")
    issuedAt    : Timestamp
}

model Payment owner Stripe {
    key id      : String
    customer    : ref Customer
    invoice     : String?
    amount      : Decimal(2)
    currency    : Currency
    succeeded   : Boolean
    failureCode : String?
    paidAt      : Timestamp
}
