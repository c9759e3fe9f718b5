/** The customer master. The ERP is its system of record; the CRM and billing feed it. */
package acme.revenue

import acme.common.*

/** A paying customer, as every system should know it. */
model Customer owner NetSuite version 2 {
    key id      : String
    name        : String             length 1 .. 200
    email       : String?            matches "^[^@]+@[^@]+$"
    legalEntity : LegalEntity
    status      : CustomerStatus = ACTIVE
    crmAccount  : String?
}

model Subscription owner Stripe {
    key id      : String
    customer    : ref Customer
    plan        : String
    currency    : Currency
    startedAt   : Timestamp
    endsAt      : Timestamp?
}

/** What a customer may use in the product; downgraded when payments fail. */
model Entitlement owner Product {
    key customer : String
    key feature  : String
    level        : EntitlementLevel
    reason       : String?
}
