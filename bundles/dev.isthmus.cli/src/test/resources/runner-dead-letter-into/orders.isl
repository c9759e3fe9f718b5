package shop

system Shop kind shop {
    record Order ndjson { id : string, amount : decimal }
    endpoint orders file "inbox" pattern "*.ndjson" receives Order
    endpoint audits file "audits" pattern "*.ndjson" receives Order
    endpoint paged file "paged" pattern "*.ndjson" receives Order
}

system Ledger kind erp {
    record Entry json { id : string, amount : decimal }
    endpoint entries http post "${env:LEDGER_URL}/entries/{id}" sends Entry
}

/** What the operations team reads: every dead letter, in a folder and in a table. */
system Ops kind ops {
    record DeadLetter ndjson {
        deadLetterId : integer, flowName : string, letterKind : string, step : string, reason : string, correlationId : string,
        deadLetteredAt : timestamp, attempts : integer, origin : string?, source : string, target : string?, payload : { }?
    }
    endpoint letters file "dead-letters" pattern "letters-*.ndjson" sends DeadLetter
    record LetterRow json { deadLetterId : integer, flowName : string, step : string, reason : string, payload : string }
    endpoint letterTable jdbc embedded table "DEAD_LETTERS" key "DEADLETTERID" sends LetterRow
    record Page json { flowName : string, reason : string, correlationId : string }
    endpoint pager http post "${env:PAGER_URL}/page" sends Page
}

mapping OrderToEntry : Shop.Order -> Ledger.Entry {
    id <- id
    amount <- amount
}

/** Orders to the ledger; what fails lands in the operations folder. */
flow Orders {
    from Shop.orders
    idempotent on id for 1d
    to Ledger.entries via OrderToEntry
    retry 1 times backoff fixed from 1s to 1s
    dead-letter into Ops.letters
}

/** Orders whose dead letters go to a table. */
flow Audited {
    from Shop.audits
    to Ledger.entries via OrderToEntry
    dead-letter into Ops.letterTable
}

/** Orders whose dead letters page someone: an HTTP endpoint, which may fail too. */
flow Paged {
    from Shop.paged
    to Ledger.entries via OrderToEntry
    dead-letter into Ops.pager
}
