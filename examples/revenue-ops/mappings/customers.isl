/** The customer master from the CRM, payments, entitlements and support. */
package acme.revenue

import acme.common.*

mapping SfAccountToCustomer : Salesforce.SfAccount -> Customer {
    id          <- Stripe_Customer__c ?? Id
    name        <- trim(Name)
    email       <- lower(Billing_Email__c)
    legalEntity <- match BillingCountry ?? "US" {
        "Germany" -> DE01
        "Singapore" -> SG01
        else -> US01
    }
    crmAccount  <- Id
}

mapping CustomerToNsCustomer : Customer -> NetSuite.NsCustomer {
    externalId  <- id
    companyName <- name
    email       <- email
    subsidiary {
        internalId <- subsidiaryOf(legalEntity)
    }
    isInactive  <- status == CLOSED
}

mapping StripeChargeToPayment : Stripe.StripeCharge -> Payment {
    id          <- id
    customer    <- customer ?? "unknown"
    invoice     <- invoice
    amount      <- minorToDecimal(amount, currency)
    currency    <- upper(currency)
    succeeded   <- paid and status == "succeeded"
    failureCode <- failure_code
    paidAt      <- epochSeconds(created)
}

/** A failed payment downgrades the customer to read-only until it is paid. */
mapping PaymentToEntitlement : Payment -> Entitlement {
    customer <- customer
    feature  <- "workspace"
    level    <- if succeeded then FULL else READ_ONLY
    reason   <- failureCode
}

mapping EntitlementToChange : Entitlement -> Product.EntitlementChange {
    customer <- customer
    feature  <- feature
    level    <- lower(name(level))
    reason   <- reason
}

mapping TicketToSupportCase : Zendesk.ZdTicket -> SupportCase {
    id          <- toString(id)
    customer    <- organization.external_id
    subject     <- subject
    creditAsked <- parseDecimal(custom_fields.credit_amount)
    currency    <- upper(custom_fields.credit_currency ?? "usd")
}

/** Support credits become credit memos against the customer's latest invoice, found by the ERP later. */
mapping SupportCaseToCreditMemo : SupportCase -> CreditMemo {
    id       <- concat("SUP-", id)
    invoice  <- "latest"
    customer <- customer
    currency <- currency ?? "USD"
    amount   <- creditAsked ?? 0.00
    reason   <- "support_credit"
    issuedAt <- now()
}
