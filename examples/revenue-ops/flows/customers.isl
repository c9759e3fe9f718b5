/** Customer master, entitlements and support credits. */
package acme.revenue

/** A failed payment downgrades the customer's workspace; the product applies it at once. */
flow PaymentFailed {
    from Stripe.events where type == "charge.failed" select data.object as Stripe.StripeCharge
    idempotent on id for 7d
    map StripeChargeToPayment
    correlate by customer
    map PaymentToEntitlement
    ordered by customer
    to Product.entitlements via EntitlementToChange
    retry 3 times backoff fixed from 1s to 1s
    timeout 10s
    dead-letter
}

/** CRM accounts feed the customer master in the ERP. */
flow CustomerMaster {
    from Salesforce.accountChanges where not IsDeleted
    map SfAccountToCustomer
    validate
    idempotent on concat(id, "|", name, "|", email ?? "") for 1d
    to NetSuite.customers via CustomerToNsCustomer
    rate 5 per 1s
    retry 5 times backoff exponential from 1s to 2min
    dead-letter
}

/**
 * Credits agreed in support tickets become credit memos; large ones wait for approval. One memo per ticket
 * (CM-SUP-<ticket>): Zendesk sends a webhook again, signed anew, when it saw no answer, and each ticket update
 * triggers it too. What fails lands in the operations team's folder as well as in the runner's journal.
 */
flow SupportCredit {
    from Zendesk.tickets where custom_fields.credit_amount != null
    idempotent on id for 30d
    map TicketToSupportCase
    map SupportCaseToCreditMemo
    validate
    route {
        when amount > 500.00 -> Operations.approvals via CreditMemoToApproval
        otherwise -> NetSuite.journals via CreditMemoToJournal
    }
    dead-letter into Operations.failedRecords
}
