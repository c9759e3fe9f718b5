/** The customer master: the ERP is the system of record; the CRM feeds it. */
package acme.revenue

import acme.common.*

model Customer owner Erp version 2 {
    key id      : String
    name        : String
    email       : String?
    legalEntity : LegalEntity
    status      : CustomerStatus
    crmAccount  : String?
}

model Subscription owner Billing {
    key id      : String
    customer    : ref Customer
    plan        : String
    currency    : Currency
    startedAt   : Timestamp
    endsAt      : Timestamp?
}

model Entitlement owner Product {
    key id      : String
    customer    : ref Customer
    feature     : String
    enabled     : Boolean
}
