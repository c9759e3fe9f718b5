/**
 * Tables on a real PostgreSQL server (see RunnerPostgresqlTest): a polled table into a table upserted by its key and
 * an insert-only one, with PostgreSQL's own types on both sides (numeric, timestamptz, boolean, uuid, jsonb).
 */
package pg

system Erp kind erp {
    record Invoice json {
        invoiceNo : integer
        customer  : string
        amount    : decimal
        issuedAt  : timestamp
        paid      : boolean
        reference : string?
        meta      : string?
    }

    endpoint invoices jdbc env ERP_URL table "invoices" key "INVOICENO" receives Invoice
    endpoint ledger jdbc env LEDGER_URL table "ledger" key "INVOICENO" sends Invoice
    endpoint audit jdbc env LEDGER_URL table "audit" sends Invoice
}

flow Posting {
    from Erp.invoices
    to Erp.ledger
    to Erp.audit
    dead-letter
}
