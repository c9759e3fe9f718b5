/** Finalized invoices and credit notes from billing to the ledger. */
package acme.revenue

/** Invoices post to the ERP, unless their accounting period has closed: then finance books them by hand. */
flow InvoicePosting {
    from Stripe.events where type == "invoice.finalized" select data.object as Stripe.StripeInvoice
    idempotent on id for 30d
    map StripeInvoiceToInvoice
    validate
    correlate by id
    route {
        when periodClosed(issuedAt) -> Operations.lateTransactions via InvoiceToLateTransaction
        otherwise -> NetSuite.journals via InvoiceToJournal [retry 5 times backoff exponential from 2s to 5min]
    }
    dead-letter
}

/** Large credits wait for a person's approval; small ones post straight away. */
flow CreditMemoPosting {
    from Stripe.events where type == "credit_note.created" select data.object as Stripe.StripeCreditNote
    idempotent on id for 30d
    map StripeCreditNoteToCreditMemo
    validate
    correlate by invoice
    route {
        when amount > 1000.00 -> Operations.approvals via CreditMemoToApproval
        otherwise -> NetSuite.journals via CreditMemoToJournal
    }
    retry 5 times backoff exponential from 2s to 5min
    dead-letter
}
