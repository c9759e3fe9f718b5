/**
 * What `isthmus trace` and `isthmus dlq` were reviewed on: records that share a correlation id, a route, exact
 * decimals and an aggregate. The API's answer depends on the record's kind (the URL's first segment).
 */
package tr

system A kind workflow {
    record R json {
        id       : string
        customer : string
        kind     : string
        amount   : decimal
        time     : timestamp
    }

    endpoint inbox file "in" pattern "*.ndjson" receives R
    endpoint orders file "in-routed" pattern "*.ndjson" receives R
    endpoint held file "in-held" pattern "*.ndjson" receives R
    endpoint later file "in-later" pattern "*.ndjson" receives R
    endpoint api http post "${env:BASE}/{kind}/{id}" sends R
    endpoint big http post "${env:BASE}/{kind}/big-{id}" sends R
    endpoint sums http post "${env:BASE}/ok/sum-{customer}" sends R
}

/** Three records of one customer share a correlation id; each must see only its own delivery. */
flow Correlated {
    from A.inbox
    correlate by customer
    to A.api
    retry 3 times backoff fixed from 1h to 1h
    dead-letter
}

flow Routed {
    from A.orders
    route {
        when amount > 100 -> A.big
        otherwise -> A.api
    }
    dead-letter
}

flow Held {
    from A.held
    aggregate by customer every 1h {
        amount <- sum(amount)
    }
    to A.sums
}

/** Delivered after failed attempts: trace shows those attempts, though the delivered row has left the outbox. */
flow Later {
    from A.later
    to A.api
    retry 5 times backoff fixed from 1s to 1s
    dead-letter
}
