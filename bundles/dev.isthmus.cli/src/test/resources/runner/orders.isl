/** A small shop for the runner's tests: signed webhooks to an HTTP ledger, and dropped files to a table and files. */
package shop

model Entry {
    key order : String
    customer  : String
    total     : Decimal(2)
}

system Shop kind billing {
    record Order json {
        id       : string
        customer : string
        amount   : integer
    }

    endpoint orders webhook "/orders" receives Order
        signature stripe header "Stripe-Signature" secret env SHOP_WEBHOOK_SECRET tolerance 5min
    endpoint drops file "inbox/orders" pattern "*.ndjson" receives Order
}

system Ledger kind erp {
    record LedgerEntry ndjson {
        orderId  : string
        customer : string
        total    : decimal
    }

    endpoint entries http post "${env:LEDGER_URL}/entries" sends LedgerEntry
        auth bearer env LEDGER_TOKEN
        timeout 500ms
    endpoint rows jdbc embedded table "LEDGER_ENTRIES" sends LedgerEntry
    endpoint files file "outbox/entries" pattern "entries-*.ndjson" sends LedgerEntry
}

mapping OrderToEntry : Shop.Order -> Entry {
    order    <- id
    customer <- customer
    total    <- minorToDecimal(amount, "USD")
}

mapping EntryToLedger : Entry -> Ledger.LedgerEntry {
    orderId  <- order
    customer <- customer
    total    <- total
}

/** Webhooks to the ledger's API: retried quickly, then dead letters. */
flow OrdersToLedger {
    from Shop.orders
    idempotent on id for 1d
    map OrderToEntry
    to Ledger.entries via EntryToLedger [retry 4 times backoff exponential from 20ms to 100ms]
    dead-letter
}

/** Dropped files to a table and to files, for the crash test. */
flow DropsToLedger {
    from Shop.drops
    idempotent on id for 1d
    map OrderToEntry
    to Ledger.rows via EntryToLedger, Ledger.files via EntryToLedger
    dead-letter
}
