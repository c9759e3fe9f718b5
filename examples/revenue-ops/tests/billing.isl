/** Functional tests of billing to ledger, run by `isthmus test` and the build. */
package acme.revenue

test "a finalized invoice posts a balanced journal" for InvoicePosting at timestamp("2026-11-15T12:00:00Z") {
    given Stripe.events from "samples/stripe-invoice-finalized.json"
    expect routed to NetSuite.journals
    expect outputs 1
    expect Invoice.total == 10.00
    expect Invoice.currency == "USD"
}

test "invoice lines keep their product as sku" for InvoicePosting at timestamp("2026-11-15T12:00:00Z") {
    given Stripe.events from "samples/stripe-invoice-finalized.json"
    expect count(Invoice.lines) == 1
    expect first(Invoice.lines).sku == "prod_api_calls"
}

test "an invoice of a closed period goes to finance by hand" for InvoicePosting at timestamp("2026-11-15T12:00:00Z") {
    given Stripe.events from "samples/stripe-invoice-closed-period.json"
    expect routed to Operations.lateTransactions
}

test "euro invoices are booked by the German entity" for InvoicePosting at timestamp("2026-11-15T12:00:00Z") {
    given Stripe.events from "samples/stripe-invoice-eur.json"
    expect routed to NetSuite.journals
    expect entityByCurrency(Invoice.currency) == DE01
}

test "events other than invoice.finalized are filtered out" for InvoicePosting at timestamp("2026-11-15T12:00:00Z") {
    given Stripe.events from "samples/stripe-invoice-created.json"
    expect outputs 0
}

test "minor units become decimals by the currency's exponent" for StripeInvoiceToInvoice {
    given {
        "id": "in_test",
        "customer": "cus_1",
        "currency": "jpy",
        "amount_due": 1250,
        "total": 1250,
        "status": "paid",
        "created": 1793620800,
        "lines": { "data": [ { "id": "il_1", "amount": 1250, "price": { "product": "prod_seats" } } ] }
    }
    expect Invoice.total == 1250
    expect Invoice.status == PAID
}

test "a small credit note posts to the ledger" for CreditMemoPosting at timestamp("2026-11-15T12:00:00Z") {
    given Stripe.events from "samples/stripe-credit-note-small.json"
    expect routed to NetSuite.journals
    expect CreditMemo.amount == 16.90
}

test "a large credit note waits for approval" for CreditMemoPosting at timestamp("2026-11-15T12:00:00Z") {
    given Stripe.events from "samples/stripe-credit-note-large.json"
    expect routed to Operations.approvals
    expect CreditMemo.amount == 2500.00
}

test "a credit note without a reason is an order change" for StripeCreditNoteToCreditMemo {
    given {
        "id": "cn_1",
        "invoice": "in_1",
        "customer": "cus_1",
        "currency": "usd",
        "total": 500,
        "reason": null,
        "created": 1793620800
    }
    expect CreditMemo.reason == "order_change"
}
