/** Functional tests of the customer master, entitlements and support credits. */
package acme.revenue

test "a failed payment downgrades the workspace to read-only" for PaymentFailed {
    given Stripe.events from "samples/stripe-charge-failed.json"
    expect routed to Product.entitlements
    expect Entitlement.level == READ_ONLY
    expect Entitlement.reason == "card_declined"
}

test "a CRM account becomes a customer of its country's entity" for CustomerMaster {
    given Salesforce.accountChanges from "samples/salesforce-account.json"
    expect routed to NetSuite.customers
    expect Customer.legalEntity == DE01
    expect Customer.name == "Acme Robotics GmbH"
    expect Customer.email == "ap@acme-robotics.example"
}

test "deleted CRM accounts are not synchronised" for CustomerMaster {
    given Salesforce.accountChanges from "samples/salesforce-account-deleted.json"
    expect outputs 0
}

test "a support credit posts a credit memo" for SupportCredit at timestamp("2026-11-15T12:00:00Z") {
    given Zendesk.tickets from "samples/zendesk-ticket-credit.json"
    expect routed to NetSuite.journals
    expect CreditMemo.amount == 120.00
    expect CreditMemo.reason == "support_credit"
}

test "a large support credit waits for approval" for SupportCredit at timestamp("2026-11-15T12:00:00Z") {
    given Zendesk.tickets from "samples/zendesk-ticket-large-credit.json"
    expect routed to Operations.approvals
}

test "a ticket without a customer is dead-lettered" for SupportCredit at timestamp("2026-11-15T12:00:00Z") {
    given Zendesk.tickets {
        "id": 1,
        "subject": "No org",
        "requester_id": 2,
        "organization": { "external_id": null },
        "custom_fields": { "credit_amount": "10.00", "credit_currency": "usd" },
        "tags": []
    }
    expect dead-lettered with "organization.external_id is required"
}
