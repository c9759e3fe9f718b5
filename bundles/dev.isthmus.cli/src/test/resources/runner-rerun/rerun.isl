/**
 * A mapping that leaves out a field the books' API needs (it answers 422): what `isthmus dlq replay --rerun` sends
 * through the flow again once the mapping is corrected (the tests map `reference`).
 */
package rerun

record Order json {
    id       : string
    amount   : decimal
    placedAt : timestamp
}

system Shop kind workflow {
    endpoint orders webhook "/orders" receives Order
    endpoint keyed webhook "/keyed" receives Order
    endpoint sales webhook "/sales" receives Order
    endpoint twice webhook "/twice" receives Order
}

system Books kind workflow {
    record Entry json {
        reference : string?
        amount    : decimal
    }

    endpoint entries http post "${env:BASE}/entries" sends Entry
    endpoint copies http post "${env:BASE}/copies" sends Entry
    endpoint ledger http post "${env:BASE}/ledger" sends Entry
}

mapping OrderToEntry : Order -> Books.Entry {
    amount <- amount
}

flow Orders {
    from Shop.orders
    to Books.entries via OrderToEntry
    dead-letter
}

/** Idempotent, to two targets: the books refuse the entry, the copies take it. */
flow Keyed {
    from Shop.keyed
    idempotent on id for 1d
    to Books.entries via OrderToEntry, Books.copies via OrderToEntry
    dead-letter
}

/** Two targets that both refuse the entry: two dead letters of one record. */
flow Twice {
    from Shop.twice
    to Books.entries via OrderToEntry, Books.ledger via OrderToEntry
    dead-letter
}

/** An aggregate's result, refused by the books: a group's delivery, which no rerun can send again. */
flow Sales {
    from Shop.sales
    aggregate by id every 1h {
        amount <- sum(amount)
    }
    to Books.entries via OrderToEntry
    dead-letter
}
