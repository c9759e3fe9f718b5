/**
 * Requests that change one thing at an HTTP target (a PUT to its URL) land in the order they were written, though
 * the first waits for a retry; a POST adds a thing of its own and waits for no other.
 */
package ord

system Crm kind crm {
    record Customer json {
        id      : string
        version : integer
        name    : string
    }

    endpoint changes file "in" pattern "*.ndjson" receives Customer
    endpoint notes file "in-notes" pattern "*.ndjson" receives Customer
    endpoint customers http put "${env:BASE}/customers/{id}" sends Customer
    endpoint log http post "${env:BASE}/log" sends Customer
}

flow CustomerMaster {
    from Crm.changes
    to Crm.customers
    retry 5 times backoff fixed from 1s to 1s
    dead-letter
}

flow Notes {
    from Crm.notes
    to Crm.log
    retry 5 times backoff fixed from 1s to 1s
    dead-letter
}
