/**
 * HTTP targets with headers of their own: a literal and a secret from the environment beside a bearer token, and a
 * Content-Type of the endpoint's own in place of the runner's application/json.
 */
package hdr

record Item json {
    id   : string
    path : string
}

system Src kind workflow {
    endpoint plain webhook "/plain" receives Item
    endpoint typed webhook "/typed" receives Item
}

system Api kind workflow {
    endpoint ledger http post "${env:BASE}/{path}/entries/{id}" sends Item
        header "Stripe-Version" "2024-06-20"
        header "X-Tenant-Token" env TENANT_TOKEN
        auth bearer env LEDGER_TOKEN
        timeout 5s
    endpoint typed http post "${env:BASE}/{path}/typed/{id}" sends Item
        timeout 5s
        header "Content-Type" "application/vnd.api+json"
}

/** No retry policy: a refusal is a dead letter at once. */
flow Plain {
    from Src.plain
    to Api.ledger
    dead-letter
}

flow Typed {
    from Src.typed
    to Api.typed
    dead-letter
}
